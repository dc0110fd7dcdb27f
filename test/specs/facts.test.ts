// Checks every document under specs/ against the OpenAPI framing and project rules, and
// against upstream Kubernetes' swagger.json (../shared/kube-openapi) where a schema or path
// shares its name. Every mismatch is listed in one failure message. About a second: it
// parses a 4 MB swagger document once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadSpecFiles } from './spec-files.js';
import { RefResolver } from './refs.js';
import { loadUpstream, upstreamPath } from './upstream.js';
import { schemaMismatches } from './schema-facts.js';
import { pathMismatches } from './path-facts.js';
import { framingProblems, kindExtensionProblems, unresolvedRefs } from './document-rules.js';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const { files, errors: loadErrors } = loadSpecFiles(root);
const resolver = new RefResolver(files);
const upstream = loadUpstream(root);

function report(title: string, problems: string[]): string {
  return `${problems.length} ${title}:\n  ${problems.join('\n  ')}`;
}

test('specs/ holds documents', () => {
  assert.ok(files.length > 0, 'no YAML or JSON files under specs/');
});

test('every document parses with default YAML limits and is framed as OpenAPI 3.0.3', () => {
  const problems = [...loadErrors, ...framingProblems(files)];
  assert.deepEqual(problems, [], report('framing problems', problems));
});

test('every $ref resolves', () => {
  const problems = unresolvedRefs(files, resolver);
  assert.deepEqual(problems, [], report('unresolved references', problems));
});

test('every served kind has x-capstan-resource and printer columns', () => {
  const problems = kindExtensionProblems(files);
  assert.deepEqual(problems, [], report('kind extension problems', problems));
});

test('schemas match upstream definitions of the same name', (t) => {
  if (upstream === undefined) {
    t.skip(`upstream swagger not found at ${upstreamPath(root)}; schema facts not checked`);
    return;
  }
  const { compared, mismatches } = schemaMismatches(files, upstream.definitions);
  assert.ok(compared > 0, 'no schema of ours has an upstream namesake');
  assert.deepEqual(mismatches, [], report(`schema mismatches over ${compared} schemas`, mismatches));
});

test('paths match upstream paths of the same name', (t) => {
  if (upstream === undefined) {
    t.skip(`upstream swagger not found at ${upstreamPath(root)}; path facts not checked`);
    return;
  }
  const { compared, mismatches } = pathMismatches(files, resolver, upstream.paths, upstream.parameters);
  assert.ok(compared > 0, 'no path of ours has an upstream namesake');
  assert.deepEqual(mismatches, [], report(`path mismatches over ${compared} paths`, mismatches));
});
