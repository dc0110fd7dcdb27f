// The in-process part of the chain: plugins registered from TypeScript, their order, what
// they may change, and how their rejections reach the client. No webhooks; a few ms.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAdmission, forbidden } from '../../runtime/admission/index.js';
import { isStatusError } from '../../runtime/errors/index.js';
import { createConfigMap } from './support.js';

const noErrors = (err: unknown) => assert.fail(`unexpected reported error: ${String(err)}`);

const labelsOf = (obj: unknown) => (obj as { metadata?: { labels?: Record<string, string> } }).metadata?.labels ?? {};

describe('admission chain (in-process plugins)', () => {
  it('runs mutating plugins in registration order, each seeing the previous change', async () => {
    const admission = createAdmission({ onError: noErrors });
    const seen: string[] = [];
    admission.registerMutating('first', (attrs) => {
      seen.push(`first:${labelsOf(attrs.object)['step'] ?? '-'}`);
      attrs.object!.metadata!.labels = { ...labelsOf(attrs.object), step: '1' };
    });
    admission.registerMutating('second', (attrs) => {
      seen.push(`second:${labelsOf(attrs.object)['step'] ?? '-'}`);
      // Replacing the object instead of changing it in place.
      return { ...attrs.object!, metadata: { ...attrs.object!.metadata, labels: { ...labelsOf(attrs.object), step: '2' } } };
    });
    const input = createConfigMap();
    const result = await admission.admit(input);
    assert.deepEqual(seen, ['first:-', 'second:1']);
    assert.equal(labelsOf(result.object)['step'], '2');
    // The caller's object is not touched.
    assert.equal(labelsOf(input.object)['step'], undefined);
    await admission.stop();
  });

  it('collects warnings and prefixes audit annotations with the plugin name', async () => {
    const admission = createAdmission({ onError: noErrors });
    admission.registerMutating('defaulter.example.com', (_attrs, ctx) => {
      ctx.warn('mutating warning');
      ctx.annotate('reason', 'defaulted');
    });
    admission.registerValidating('checker.example.com', (_attrs, ctx) => {
      ctx.warn('validating warning');
      ctx.annotate('checked', 'yes');
    });
    const admitted = await admission.admit(createConfigMap());
    assert.deepEqual(admitted.warnings, ['mutating warning']);
    assert.deepEqual(admitted.auditAnnotations, { 'defaulter.example.com/reason': 'defaulted' });
    const validated = await admission.validate(createConfigMap());
    assert.deepEqual(validated.warnings, ['validating warning']);
    assert.deepEqual(validated.auditAnnotations, { 'checker.example.com/checked': 'yes' });
    await admission.stop();
  });

  it('stops at the first rejecting validator, in order; changes a validator makes are not kept', async () => {
    const admission = createAdmission({ onError: noErrors });
    const ran: string[] = [];
    admission.registerValidating('a', (attrs) => {
      ran.push('a');
      attrs.object!.metadata!.name = 'changed';
    });
    admission.registerValidating('b', (attrs) => {
      ran.push('b');
      assert.equal(attrs.object!.metadata!.name, 'cm');
      throw forbidden(attrs, 'configmaps named cm are not allowed');
    });
    admission.registerValidating('c', () => {
      ran.push('c');
    });
    const input = createConfigMap();
    await assert.rejects(admission.validate(input), (err: unknown) => {
      assert.ok(isStatusError(err));
      assert.equal(err.code, 403);
      assert.equal(err.status.reason, 'Forbidden');
      assert.equal(err.message, 'configmaps "cm" is forbidden: configmaps named cm are not allowed');
      return true;
    });
    assert.deepEqual(ran, ['a', 'b']);
    assert.equal(input.object!.metadata!.name, 'cm');
    await admission.stop();
  });

  it('answers 500 for a plugin that throws something other than a StatusError, and unregisters', async () => {
    const admission = createAdmission({ onError: noErrors });
    const unregister = admission.registerMutating('broken', () => {
      throw new Error('boom');
    });
    await assert.rejects(admission.admit(createConfigMap()), (err: unknown) => {
      assert.ok(isStatusError(err));
      assert.equal(err.code, 500);
      assert.equal(err.message, 'Internal error occurred: boom');
      return true;
    });
    unregister();
    const result = await admission.admit(createConfigMap());
    assert.equal(result.object!.metadata!.name, 'cm');
    await admission.stop();
  });

  it('passes DELETE through with a null object', async () => {
    const admission = createAdmission({ onError: noErrors });
    let sawOld = '';
    admission.registerMutating('observer', (attrs) => {
      sawOld = attrs.oldObject?.metadata?.name ?? '';
      assert.equal(attrs.object, null);
    });
    const result = await admission.admit(createConfigMap({ operation: 'DELETE', object: null, oldObject: { metadata: { name: 'old' } } }));
    assert.equal(result.object, null);
    assert.equal(sawOld, 'old');
    await admission.stop();
  });
});
