// FieldsV1 encoding: path element keys, kube's ordering and the "." self marker.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeManagedFields, trackUpdate } from '../../runtime/fieldmanager/index.js';
import { serviceDescriptor } from '../../generated/core/v1/service.resource.js';
import { configMapDescriptor } from '../../generated/core/v1/configmap.resource.js';
import { ctx, deploymentFields, NOW } from './fixtures.js';

const fieldsOf = (obj: object, fields = deploymentFields, emptyObject?: object): string => {
  const [entry] = trackUpdate(null, obj, 'm', ctx({ fields, ...(emptyObject ? { emptyObject } : {}) }));
  return JSON.stringify(entry?.fieldsV1);
};

describe('FieldsV1 golden encodings', () => {
  it('a created ConfigMap: the data map appears whole, labels too', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { app: 'x' } }, data: { b: '2', a: '1' } };
    assert.equal(
      fieldsOf(cm, configMapDescriptor.fields as Record<string, never>),
      '{"f:data":{".":{},"f:a":{},"f:b":{}},"f:metadata":{"f:labels":{".":{},"f:app":{}}}}',
    );
  });

  it('a created Service: map-list keys as JSON in key-name order, numerically sorted', () => {
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { ports: [{ protocol: 'TCP', port: 443, name: 'https' }, { port: 80, protocol: 'UDP' }, { port: 80, protocol: 'TCP' }], selector: { app: 'x' }, type: 'ClusterIP' },
    };
    assert.equal(
      fieldsOf(svc, serviceDescriptor.fields as Record<string, never>, { spec: {}, status: { loadBalancer: {} } }),
      '{"f:spec":{"f:ports":{".":{},' +
        '"k:{\\"port\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:port":{},"f:protocol":{}},' +
        '"k:{\\"port\\":80,\\"protocol\\":\\"UDP\\"}":{".":{},"f:port":{},"f:protocol":{}},' +
        '"k:{\\"port\\":443,\\"protocol\\":\\"TCP\\"}":{".":{},"f:name":{},"f:port":{},"f:protocol":{}}},' +
        '"f:selector":{},"f:type":{}}}',
    );
  });

  it('kubectl create deployment, compared with the kind\'s empty value, matches kube byte for byte', () => {
    const obj = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'nginx', namespace: 'default', labels: { app: 'nginx' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'nginx' } },
        template: {
          metadata: { labels: { app: 'nginx' } },
          spec: {
            containers: [{ name: 'nginx', image: 'nginx', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'Always' }],
            restartPolicy: 'Always',
            terminationGracePeriodSeconds: 30,
            dnsPolicy: 'ClusterFirst',
            securityContext: {},
            schedulerName: 'default-scheduler',
          },
        },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
      },
    };
    const empty = { metadata: {}, spec: { selector: null, template: { metadata: {}, spec: { containers: null } }, strategy: {} }, status: {} };
    const expected = {
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': {
        'f:progressDeadlineSeconds': {},
        'f:replicas': {},
        'f:revisionHistoryLimit': {},
        'f:selector': {},
        'f:strategy': { 'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} }, 'f:type': {} },
        'f:template': {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"nginx"}': {
                '.': {},
                'f:image': {},
                'f:imagePullPolicy': {},
                'f:name': {},
                'f:resources': {},
                'f:terminationMessagePath': {},
                'f:terminationMessagePolicy': {},
              },
            },
            'f:dnsPolicy': {},
            'f:restartPolicy': {},
            'f:schedulerName': {},
            'f:securityContext': {},
            'f:terminationGracePeriodSeconds': {},
          },
        },
      },
    };
    assert.equal(fieldsOf(obj, deploymentFields, empty), JSON.stringify(expected));
  });

  it('set values sort numbers, then strings, then booleans', () => {
    const obj = { spec: { tags: ['b', true, 'a', 10, 9] } };
    assert.equal(fieldsOf(obj, deploymentFields, { spec: {} }), '{"f:spec":{"f:tags":{".":{},"v:9":{},"v:10":{},"v:\\"a\\"":{},"v:\\"b\\"":{},"v:true":{}}}}');
  });

  it('key values are written the way Go escapes them', () => {
    const obj = { spec: { template: { spec: { containers: [{ name: 'a<b>&c' }] } } } };
    assert.match(fieldsOf(obj), /"k:\{\\"name\\":\\"a\\\\u003cb\\\\u003e\\\\u0026c\\"\}"/);
  });

  it('field names sort by code unit, not locale', () => {
    assert.equal(fieldsOf({ data: { b: 1, B: 1, a: 1, _: 1 } }), '{"f:data":{".":{},"f:B":{},"f:_":{},"f:a":{},"f:b":{}}}');
  });

  it('decoding then encoding normalizes key order and drops redundant "." markers on leaves', () => {
    const decoded = decodeManagedFields([
      { manager: 'm', operation: 'Update', apiVersion: 'v1', time: NOW, fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:b': {}, 'f:a': { '.': {} }, 'v:"x"': {}, 'k:{"name":"n"}': { '.': {}, 'f:x': {} } } } },
    ]);
    assert.equal(JSON.stringify(decoded?.[0]?.fieldsV1), '{"f:spec":{"f:a":{},"f:b":{},"k:{\\"name\\":\\"n\\"}":{".":{},"f:x":{}},"v:\\"x\\"":{}}}');
  });

  it('element kinds sort field < key < value < index', () => {
    const decoded = decodeManagedFields([
      { manager: 'm', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'i:10': {}, 'i:2': {}, 'v:1': {}, 'k:{"b":1,"a":2}': {}, 'k:{"a":1}': {}, 'f:z': {} } },
    ]);
    assert.deepEqual(Object.keys(decoded?.[0]?.fieldsV1 ?? {}), ['f:z', 'k:{"a":1}', 'k:{"a":2,"b":1}', 'v:1', 'i:2', 'i:10']);
  });
});
