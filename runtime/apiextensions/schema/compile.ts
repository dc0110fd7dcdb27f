// compileSchema: one CRD version's schema compiled once into validate / prune / applyDefaults.
import type { ValidationResult } from '../../api/index.js';
import type { CompiledSchema, JSONSchemaProps } from './index.js';
import { SchemaContext } from './context.js';
import { dropDisallowedNulls, fillDefaults } from './defaulting.js';
import { compileNode, type SchemaNode } from './node.js';
import { pruneValue } from './prune.js';

function unknownFieldPaths(obj: unknown, root: SchemaNode): string[] {
  const walk = { remove: false, found: [] as string[] };
  pruneValue(obj, root, '', walk);
  return walk.found;
}

// Without a schema (legacy CRDs) everything is kept and anything is valid, as kube does
// for versions that preserve unknown fields.
const OPEN_SCHEMA: JSONSchemaProps = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

export function compile(schema: JSONSchemaProps | undefined): CompiledSchema {
  const root = compileNode(schema ?? OPEN_SCHEMA, false, true);
  return {
    validate(obj: unknown): ValidationResult {
      const ctx = new SchemaContext();
      root.validate(obj, '', ctx);
      const errors = ctx.allErrors();
      // Walked only when read: the strategy's validation after pruning never asks.
      return {
        errors,
        get unknownFields() {
          return unknownFieldPaths(obj, root);
        },
      };
    },
    prune(obj: unknown): void {
      pruneValue(obj, root, '', { remove: true, found: [] });
    },
    applyDefaults(obj: unknown): void {
      dropDisallowedNulls(obj, root);
      fillDefaults(obj, root);
    },
    unknownFields(obj: unknown): string[] {
      return unknownFieldPaths(obj, root);
    },
  };
}

/** The compiled node tree, for checks that validate a value against one node (defaults). */
export function compileNodeFor(schema: JSONSchemaProps, resourceRoot: boolean): SchemaNode {
  return compileNode(schema, false, resourceRoot);
}
