import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NAME_ALPHABET, genericStrategy, type RegistryObject } from '../../runtime/registry/index.js';
import { configMapResource, gadgetResource, harness, rejection, widgetResource, type ConfigMap, type Gadget, type Widget } from './fixtures.js';

test('create fills server fields in kube BeforeCreate order', async () => {
  const h = await harness<Widget>(widgetResource);
  try {
    const { object, warnings } = await h.store.create(
      {
        apiVersion: 'test.capstan.io/v1',
        kind: 'Widget',
        metadata: {
          name: 'w1',
          uid: 'client-uid',
          creationTimestamp: '2000-01-01T00:00:00Z',
          deletionTimestamp: '2000-01-01T00:00:00Z',
          deletionGracePeriodSeconds: 30,
          selfLink: '/x',
          generation: 7,
        },
        spec: { replicas: 2 },
        status: { replicas: 9, phase: 'Set-by-client' },
      },
      { namespace: 'default' },
    );
    assert.deepEqual(warnings, []);
    const meta = object.metadata!;
    assert.equal(meta.namespace, 'default', 'namespace filled from the URL');
    assert.match(meta.uid!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(meta.creationTimestamp, '2026-11-22T02:07:25Z');
    assert.equal(meta.generation, 1);
    assert.equal(meta.deletionTimestamp, undefined);
    assert.equal(meta.deletionGracePeriodSeconds, undefined);
    assert.equal(meta.selfLink, undefined);
    assert.match(meta.resourceVersion!, /^\d+$/);
    assert.equal(object.status, undefined, 'status is dropped on create when it has its own subresource');
    assert.equal(object.spec!.color, 'blue', 'schema defaults applied');
    const stored = await h.store.get('w1', { namespace: 'default' });
    assert.deepEqual(stored, object);
  } finally {
    await h.close();
  }
});

test('kinds without generation tracking get none; cluster-scoped objects lose a body namespace', async () => {
  const h = await harness<Gadget>(gadgetResource);
  try {
    const { object } = await h.store.create({ metadata: { name: 'g1', namespace: 'ignored' }, spec: { mode: 'x' } });
    assert.equal(object.metadata!.namespace, undefined);
    assert.equal(object.metadata!.generation, undefined);
    const again = await h.store.get('g1');
    assert.equal(again.metadata!.name, 'g1');
  } finally {
    await h.close();
  }
});

test('namespace in body must match the URL', async () => {
  const h = await harness<ConfigMap>(configMapResource);
  try {
    const err = await rejection(() => h.store.create({ metadata: { name: 'a', namespace: 'other' } }, { namespace: 'default' }));
    assert.equal(err.code, 400);
    assert.equal(err.reason, 'BadRequest');
    assert.equal(err.message, 'the namespace of the provided object does not match the namespace sent on the request');
  } finally {
    await h.close();
  }
});

test('resourceVersion on create is rejected as kube does (500, no reason)', async () => {
  const h = await harness<ConfigMap>(configMapResource);
  try {
    const err = await rejection(() => h.store.create({ metadata: { name: 'a', resourceVersion: '5' } }, { namespace: 'default' }));
    assert.equal(err.code, 500);
    assert.equal(err.reason, '');
    assert.equal(err.message, 'resourceVersion should not be set on objects to be created');
    const { object } = await h.store.create({ metadata: { name: 'b', resourceVersion: '-1' } }, { namespace: 'default' });
    assert.match(object.metadata!.resourceVersion!, /^[1-9]\d*$/, 'an unparsable resourceVersion is ignored, as kube does');
  } finally {
    await h.close();
  }
});

test('duplicate create answers AlreadyExists with the kube message', async () => {
  const h = await harness<ConfigMap>(configMapResource);
  try {
    await h.store.create({ metadata: { name: 'cm' }, data: { a: '1' } }, { namespace: 'default' });
    const err = await rejection(() => h.store.create({ metadata: { name: 'cm' } }, { namespace: 'default' }));
    assert.equal(err.code, 409);
    assert.equal(err.reason, 'AlreadyExists');
    assert.equal(err.message, 'configmaps "cm" already exists');
    assert.deepEqual(err.status.details, { name: 'cm', kind: 'configmaps' });
  } finally {
    await h.close();
  }
});

test('generateName uses kube alphabet and retries collisions before giving up', async () => {
  const suffixes = ['aaaaa', 'aaaaa', 'aaaaa', 'bbbbb'];
  let calls = 0;
  const h = await harness<ConfigMap>(configMapResource, {
    randomSuffix: (n) => {
      assert.equal(n, 5);
      calls++;
      return suffixes.shift() ?? 'zzzzz';
    },
  });
  try {
    const first = await h.store.create({ metadata: { generateName: 'web-' } }, { namespace: 'default' });
    assert.equal(first.object.metadata!.name, 'web-aaaaa');
    const second = await h.store.create({ metadata: { generateName: 'web-' } }, { namespace: 'default' });
    assert.equal(second.object.metadata!.name, 'web-bbbbb', 'two collisions retried');
    assert.equal(calls, 4);

    const stuck = await harness<ConfigMap>(configMapResource, { randomSuffix: () => 'ccccc' });
    try {
      await stuck.store.create({ metadata: { generateName: 'web-' } }, { namespace: 'default' });
      let tries = 0;
      const err = await rejection(() =>
        stuck.store.create({ metadata: { generateName: 'web-' } }, {
          namespace: 'default',
          validate: () => {
            tries++;
          },
        }),
      );
      assert.equal(tries, 8, 'kube makes 8 attempts');
      assert.equal(err.code, 409);
      assert.equal(err.reason, 'AlreadyExists');
      assert.equal(
        err.message,
        'configmaps "web-ccccc" already exists, the server was not able to generate a unique name for the object',
      );
    } finally {
      await stuck.close();
    }
  } finally {
    await h.close();
  }
});

test('the default random suffix draws from kube alphabet', async () => {
  const h = await harness<ConfigMap>(configMapResource, { randomSuffix: undefined });
  try {
    for (let i = 0; i < 20; i++) {
      const { object } = await h.store.create({ metadata: { generateName: 'x-' } }, { namespace: 'default' });
      const suffix = object.metadata!.name!.slice(2);
      assert.equal(suffix.length, 5);
      for (const c of suffix) assert.ok(NAME_ALPHABET.includes(c), `${c} in alphabet`);
    }
  } finally {
    await h.close();
  }
});

test('metadata validation messages match kube', async () => {
  const h = await harness<ConfigMap>(configMapResource);
  try {
    const bad = await rejection(() => h.store.create({ metadata: { name: 'Bad_Name' } }, { namespace: 'default' }));
    assert.equal(bad.code, 422);
    assert.equal(bad.reason, 'Invalid');
    assert.equal(
      bad.message,
      `ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    );
    assert.deepEqual(bad.status.details!.causes![0], {
      reason: 'FieldValueInvalid',
      message: `Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      field: 'metadata.name',
    });

    const noName = await rejection(() => h.store.create({ metadata: {} }, { namespace: 'default' }));
    assert.equal(noName.message, 'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required');

    const labels = await rejection(() =>
      h.store.create({ metadata: { name: 'l', labels: { 'bad key!': 'ok', good: 'bad value!' } } }, { namespace: 'default' }),
    );
    assert.equal(
      labels.message,
      `ConfigMap "l" is invalid: [metadata.labels: Invalid value: "bad key!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'), metadata.labels: Invalid value: "bad value!": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')]`,
    );

    const big = await rejection(() =>
      h.store.create({ metadata: { name: 'big', annotations: { a: 'x'.repeat(256 * 1024) } } }, { namespace: 'default' }),
    );
    assert.equal(big.message, 'ConfigMap "big" is invalid: metadata.annotations: Too long: may not be more than 262144 bytes');
    // Exactly at the limit is fine.
    await h.store.create({ metadata: { name: 'fits', annotations: { a: 'x'.repeat(256 * 1024 - 1) } } }, { namespace: 'default' });

    const annKey = await rejection(() => h.store.create({ metadata: { name: 'ak', annotations: { 'a/b/c': '' } } }, { namespace: 'default' }));
    assert.match(annKey.message, /metadata\.annotations: Invalid value: "a\/b\/c": a qualified name must consist of/);

    const fin = await rejection(() =>
      h.store.create({ metadata: { name: 'f', finalizers: ['example.com/x', 'example.com/x', 'orphan', 'foregroundDeletion'] } }, { namespace: 'default' }),
    );
    assert.equal(
      fin.message,
      'ConfigMap "f" is invalid: [metadata.finalizers[1]: Duplicate value: "example.com/x", metadata.finalizers: Invalid value: ["example.com/x","example.com/x","orphan","foregroundDeletion"]: finalizer orphan and foregroundDeletion cannot be both set]',
    );

    const owners = await rejection(() =>
      h.store.create(
        {
          metadata: {
            name: 'o',
            ownerReferences: [
              { apiVersion: '', kind: 'Deployment', name: 'd', uid: 'u1', controller: true },
              { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'r', uid: '', controller: true },
            ],
          },
        },
        { namespace: 'default' },
      ),
    );
    assert.match(owners.message, /metadata\.ownerReferences\.apiVersion: Invalid value: "": version must not be empty/);
    assert.match(owners.message, /metadata\.ownerReferences\.uid: Invalid value: "": must not be empty/);
    assert.match(owners.message, /Only one reference can have Controller set to true\. Found "true" in references for Deployment\/d and ReplicaSet\/r/);

    const gen = await rejection(() => h.store.create({ metadata: { generateName: 'Bad_' } }, { namespace: 'default' }));
    assert.match(gen.message, /metadata\.generateName: Invalid value: "Bad_": a lowercase RFC 1123 subdomain/);
  } finally {
    await h.close();
  }
});

test('a name validator hook: DNS labels for some kinds, path segments for RBAC-like kinds', async () => {
  const { nameIsDNSLabel, nameIsPathSegment } = await import('../../runtime/registry/index.js');
  const labels = await harness<Gadget>(gadgetResource, { strategy: genericStrategy<Gadget>(gadgetResource, { nameValidator: nameIsDNSLabel }) });
  try {
    const err = await rejection(() => labels.store.create({ metadata: { name: 'a.b' } }));
    assert.equal(
      err.message,
      `Gadget.test.capstan.io "a.b" is invalid: metadata.name: Invalid value: "a.b": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    );
  } finally {
    await labels.close();
  }
  const segments = await harness<Gadget>(gadgetResource, { strategy: genericStrategy<Gadget>(gadgetResource, { nameValidator: nameIsPathSegment }) });
  try {
    const ok = await segments.store.create({ metadata: { name: 'system:Controller_Manager' } });
    assert.equal(ok.object.metadata!.name, 'system:Controller_Manager');
    const err = await rejection(() => segments.store.create({ metadata: { name: 'a/b' } }));
    assert.equal(err.message, `Gadget.test.capstan.io "a/b" is invalid: metadata.name: Invalid value: "a/b": may not contain '/'`);
    const dots = await rejection(() => segments.store.create({ metadata: { name: '..' } }));
    assert.equal(dots.message, `Gadget.test.capstan.io ".." is invalid: metadata.name: Invalid value: "..": may not be '..'`);
  } finally {
    await segments.close();
  }
});

test('strategy validation: schema errors, namespace rules, and warnings are returned', async () => {
  const strategy = genericStrategy<Widget>(widgetResource, {
    warningsOnCreate: (obj) => (obj.spec?.size === undefined ? ['spec.size is unset; defaulting to small'] : []),
  });
  const h = await harness<Widget>(widgetResource, { strategy });
  try {
    const err = await rejection(() => h.store.create({ metadata: { name: 'w' }, spec: { replicas: -1, color: 'pink' } }, { namespace: 'default' }));
    assert.equal(err.code, 422);
    assert.equal(
      err.message,
      'Widget.test.capstan.io "w" is invalid: [spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0, spec.color: Unsupported value: "pink": supported values: "blue", "green", "red"]',
    );
    assert.deepEqual(err.status.details!.group, 'test.capstan.io');
    assert.deepEqual(err.status.details!.kind, 'Widget');

    const missingNs = await rejection(() => h.store.create({ metadata: { name: 'w' } }, {}));
    assert.equal(missingNs.code, 422);
    assert.match(missingNs.message, /metadata\.namespace: Required value/);

    const { warnings } = await h.store.create({ metadata: { name: 'w' } }, { namespace: 'default' });
    assert.deepEqual(warnings, ['spec.size is unset; defaulting to small']);
  } finally {
    await h.close();
  }
});

test('admission validation runs after the strategy on the fully formed object and can reject', async () => {
  const h = await harness<Widget>(widgetResource);
  try {
    let seen: RegistryObject | null = null;
    const { statusErrors } = await import('../../runtime/errors/index.js');
    const err = await rejection(() =>
      h.store.create({ metadata: { name: 'w' } }, {
        namespace: 'default',
        validate: (obj, old) => {
          seen = obj;
          assert.equal(old, null);
          throw statusErrors.forbidden({ group: 'test.capstan.io', resource: 'widgets' }, 'w', 'denied by policy');
        },
      }),
    );
    assert.equal(err.code, 403);
    assert.equal(err.message, 'widgets.test.capstan.io "w" is forbidden: denied by policy');
    const formed = seen as unknown as Widget;
    assert.ok(formed.metadata!.uid, 'admission sees the uid');
    assert.equal(formed.spec!.color, 'blue', 'and defaults');
    const list = await h.store.list({ namespace: 'default' });
    assert.equal(list.items.length, 0, 'nothing written');
  } finally {
    await h.close();
  }
});

test('dryRun create runs everything but the write', async () => {
  const h = await harness<ConfigMap>(configMapResource);
  try {
    await h.store.create({ metadata: { name: 'exists' } }, { namespace: 'default' });
    const before = await h.storage.currentRevision();
    const { object } = await h.store.create({ metadata: { name: 'dry' }, data: { a: 'b' } }, { namespace: 'default', dryRun: true });
    assert.equal(object.metadata!.name, 'dry');
    assert.ok(object.metadata!.uid);
    assert.equal(object.metadata!.resourceVersion, undefined);
    assert.equal(await h.storage.currentRevision(), before, 'revision unchanged');
    const gone = await rejection(() => h.store.get('dry', { namespace: 'default' }));
    assert.equal(gone.code, 404);
    assert.equal(gone.message, 'configmaps "dry" not found');
    const dup = await rejection(() => h.store.create({ metadata: { name: 'exists' } }, { namespace: 'default', dryRun: true }));
    assert.equal(dup.reason, 'AlreadyExists');
    const invalid = await rejection(() => h.store.create({ metadata: { name: 'NO' } }, { namespace: 'default', dryRun: true }));
    assert.equal(invalid.code, 422);
  } finally {
    await h.close();
  }
});
