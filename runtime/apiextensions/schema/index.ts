// CRD schemas: structural-schema checks, and compiling one version's openAPIV3Schema into
// the validate / prune / applyDefaults functions a served custom resource runs per request.
import type { FieldError, ValidationResult } from '../../api/index.js';
import { compile } from './compile.js';
import { checkStructural } from './structural.js';

/** A CRD version's `schema.openAPIV3Schema` as stored. */
export type JSONSchemaProps = Record<string, unknown>;

export interface StructuralCheckOptions {
  /**
   * The version serves the status subresource: kube then allows only a few keywords at the
   * root (status is validated separately as properties.status, so nothing may be lost).
   */
  readonly statusSubresource?: boolean;
}

/** kube's structural-schema and CRD-schema rules; errors under `path` (e.g. "spec.versions[0].schema.openAPIV3Schema"). */
export function checkStructuralSchema(schema: JSONSchemaProps, path: string, options: StructuralCheckOptions = {}): FieldError[] {
  return checkStructural(schema, path, options.statusSubresource === true);
}

export interface CompiledSchema {
  /** Type/format/enum/bounds/pattern/required/list-type... errors, plus unknown-field paths (for fieldValidation Strict/Warn), as generated validators return them. */
  validate(obj: unknown): ValidationResult;
  /** Removes fields the schema does not declare (except under x-kubernetes-preserve-unknown-fields), in place; apiVersion/kind/metadata kept as kube keeps them. */
  prune(obj: unknown): void;
  /** Fills `default`s in place (kube's CRD defaulting). */
  applyDefaults(obj: unknown): void;
  /**
   * The paths prune() would drop, without validating or changing anything (the same list as
   * validate().unknownFields). kube collects them while pruning the decoded request body,
   * before defaulting, so call this (or validate) on the body before prune().
   */
  unknownFields(obj: unknown): string[];
}

/** Compiles once; the returned functions walk only the object (undefined schema: anything goes, nothing pruned). */
export function compileSchema(schema: JSONSchemaProps | undefined): CompiledSchema {
  return compile(schema);
}
