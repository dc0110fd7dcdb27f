// Loads the test CRDs written in fixtures/ (YAML, our own text).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { JSONSchemaProps } from '../../../runtime/apiextensions/schema/index.js';

export function fixtureSchema(file: string, version = 0): JSONSchemaProps {
  const crd = parse(readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8')) as {
    spec: { versions: Array<{ schema: { openAPIV3Schema: JSONSchemaProps } }> };
  };
  return crd.spec.versions[version]!.schema.openAPIV3Schema;
}
