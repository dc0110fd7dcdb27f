// Shared by the patch tests: deep-freezing inputs proves an engine never writes to them (a
// write to a frozen object throws in strict-mode modules), and a way to assert PatchErrors.
import assert from 'node:assert/strict';
import { isPatchError, type JsonValue, type PatchError } from '../../runtime/patch/index.js';

export function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node !== null && typeof node === 'object' && !Object.isFrozen(node)) {
      Object.freeze(node);
      for (const child of Object.values(node)) stack.push(child);
    }
  }
  return value;
}

export function json(text: string): JsonValue {
  return JSON.parse(text) as JsonValue;
}

export interface ExpectedError {
  readonly code: number;
  readonly reason: string;
  readonly message?: string | RegExp;
  readonly detail?: string | RegExp;
}

export function assertPatchError(run: () => unknown, expected: ExpectedError): PatchError {
  let caught: unknown;
  try {
    run();
  } catch (err) {
    caught = err;
  }
  assert.ok(isPatchError(caught), `expected a PatchError, got ${String(caught)}`);
  assert.equal(caught.code, expected.code, caught.detail);
  assert.equal(caught.reason, expected.reason, caught.detail);
  for (const [field, want] of [
    ['message', expected.message],
    ['detail', expected.detail],
  ] as const) {
    if (want === undefined) continue;
    if (typeof want === 'string') assert.equal(caught[field], want);
    else assert.match(caught[field], want);
  }
  return caught;
}
