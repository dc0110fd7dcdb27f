// kube-apiserver's families as the recording calls fill them: names, TYPE, labels, buckets,
// storage object counts and the process families. In-process; well under a second.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApiserverMetrics, REQUEST_DURATION_BUCKETS, WATCH_EVENT_SIZE_BUCKETS } from '../../runtime/metrics/index.js';

const lines = (text: string, prefix: string) => text.split('\n').filter((l) => l.startsWith(prefix));
const list = { verb: 'LIST', group: '', version: 'v1', resource: 'configmaps', subresource: '', scope: 'namespace', dryRun: '' };

describe('metrics: apiserver families', () => {
  it('counts requests by code and times them into kube buckets', () => {
    const m = createApiserverMetrics();
    m.observeRequest({ ...list, code: 200, seconds: 0.003 });
    m.observeRequest({ ...list, code: 200, seconds: 0.3 });
    m.observeRequest({ ...list, code: 500, seconds: 100 });
    m.recordRequest({ ...list, verb: 'POST', scope: 'resource', dryRun: 'All' }, 201, 0.01);
    const text = m.render();
    assert.deepEqual(lines(text, 'apiserver_request_total'), [
      'apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="configmaps",scope="namespace",subresource="",verb="LIST",version="v1"} 2',
      'apiserver_request_total{code="201",component="apiserver",dry_run="All",group="",resource="configmaps",scope="resource",subresource="",verb="POST",version="v1"} 1',
      'apiserver_request_total{code="500",component="apiserver",dry_run="",group="",resource="configmaps",scope="namespace",subresource="",verb="LIST",version="v1"} 1',
    ]);
    assert.match(text, /^# TYPE apiserver_request_total counter$/m);
    assert.match(text, /^# HELP apiserver_request_total \[STABLE\] /m);
    assert.match(text, /^# TYPE apiserver_request_duration_seconds histogram$/m);
    const listLabels = 'component="apiserver",dry_run="",group="",resource="configmaps",scope="namespace",subresource="",verb="LIST",version="v1"';
    const buckets = lines(text, `apiserver_request_duration_seconds_bucket{${listLabels}`);
    assert.equal(buckets.length, REQUEST_DURATION_BUCKETS.length + 1);
    assert.deepEqual(
      buckets.map((l) => /le="([^"]+)"/.exec(l)![1]),
      ['0.005', '0.025', '0.05', '0.1', '0.2', '0.4', '0.6', '0.8', '1', '1.25', '1.5', '2', '3', '4', '5', '6', '8', '10', '15', '20', '30', '45', '60', '+Inf'],
    );
    const value = (le: string) => buckets.find((l) => l.includes(`le="${le}"`))!.split(' ')[1];
    assert.equal(value('0.005'), '1');
    assert.equal(value('0.2'), '1');
    assert.equal(value('0.4'), '2');
    assert.equal(value('60'), '2');
    assert.equal(value('+Inf'), '3');
    assert.ok(text.includes(`apiserver_request_duration_seconds_count{${listLabels}} 3\n`));
    assert.ok(text.includes(`apiserver_request_duration_seconds_sum{${listLabels}} 100.303\n`));
  });

  it('takes component from the labels and skips requests kube does not measure', () => {
    const m = createApiserverMetrics();
    const health = { verb: 'GET', group: '', version: '', resource: '', subresource: '/healthz', scope: '', dryRun: '', component: '' };
    m.observeRequest({ ...health, code: 200, seconds: 0.001 });
    m.observeRequest({ ...health, subresource: '', component: '', measured: false, code: 404, seconds: 0.001 });
    m.recordRequest({ ...health, subresource: '/nope', measured: false }, 404, 0.001);
    assert.deepEqual(lines(m.render(), 'apiserver_request_total'), [
      'apiserver_request_total{code="200",component="",dry_run="",group="",resource="",scope="",subresource="/healthz",verb="GET",version=""} 1',
    ]);
  });

  it('escapes hostile label values', () => {
    const m = createApiserverMetrics();
    m.observeRequest({ ...list, resource: 'a"b\\c\nd', code: 404, seconds: 0 });
    assert.ok(m.render().includes('resource="a\\"b\\\\c\\nd"'));
  });

  it('reports in-flight requests for both kinds, long-running requests and watch events', () => {
    const m = createApiserverMetrics();
    assert.deepEqual(lines(m.render(), 'apiserver_current_inflight_requests'), [
      'apiserver_current_inflight_requests{request_kind="mutating"} 0',
      'apiserver_current_inflight_requests{request_kind="readOnly"} 0',
    ]);
    m.setInflight('readOnly', 3);
    m.setInflight('mutating', 1);
    const watch = { verb: 'WATCH', group: '', version: 'v1', resource: 'configmaps', subresource: '', scope: 'namespace' };
    m.longRunning(watch, 1);
    m.longRunning(watch, 1);
    m.longRunning(watch, -1);
    m.watchEvent({ group: '', version: 'v1', kind: 'ConfigMap' }, 500);
    m.watchEvent({ group: '', version: 'v1', kind: 'ConfigMap' }, 3000);
    m.watchEvent({ group: 'apps', version: 'v1', kind: 'Deployment' }, 1e6);
    const text = m.render();
    assert.deepEqual(lines(text, 'apiserver_current_inflight_requests'), [
      'apiserver_current_inflight_requests{request_kind="mutating"} 1',
      'apiserver_current_inflight_requests{request_kind="readOnly"} 3',
    ]);
    assert.match(text, /^# TYPE apiserver_longrunning_requests gauge$/m);
    assert.deepEqual(lines(text, 'apiserver_longrunning_requests'), [
      'apiserver_longrunning_requests{component="apiserver",group="",resource="configmaps",scope="namespace",subresource="",verb="WATCH",version="v1"} 1',
    ]);
    assert.deepEqual(lines(text, 'apiserver_watch_events_total'), [
      'apiserver_watch_events_total{group="",kind="ConfigMap",version="v1"} 2',
      'apiserver_watch_events_total{group="apps",kind="Deployment",version="v1"} 1',
    ]);
    const sizes = lines(text, 'apiserver_watch_events_sizes_bucket{group="",kind="ConfigMap"');
    assert.deepEqual(
      sizes.map((l) => /le="([^"]+)"/.exec(l)![1]),
      [...WATCH_EVENT_SIZE_BUCKETS.map(String), '+Inf'],
    );
    assert.deepEqual(WATCH_EVENT_SIZE_BUCKETS, [1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072]);
    assert.deepEqual(
      sizes.map((l) => l.split(' ')[1]),
      ['1', '1', '2', '2', '2', '2', '2', '2', '2'],
    );
    assert.ok(text.includes('apiserver_watch_events_sizes_bucket{group="apps",kind="Deployment",version="v1",le="131072"} 0\n'));
    assert.ok(text.includes('apiserver_watch_events_sizes_bucket{group="apps",kind="Deployment",version="v1",le="+Inf"} 1\n'));
    assert.ok(text.includes('apiserver_watch_events_sizes_sum{group="",kind="ConfigMap",version="v1"} 3500\n'));
  });

  it('reads stored object counts at each scrape, under kube resource names', () => {
    let configmaps = 2;
    const m = createApiserverMetrics({
      storageObjects: () => [
        { resource: 'configmaps', group: '', count: configmaps },
        { resource: 'roles.rbac.authorization.k8s.io', group: 'rbac.authorization.k8s.io', count: 4 },
        { resource: 'deployments.apps', count: -1 },
      ],
    });
    assert.deepEqual(lines(m.render(), 'apiserver_storage_objects'), [
      'apiserver_storage_objects{resource="configmaps"} 2',
      'apiserver_storage_objects{resource="deployments.apps"} -1',
      'apiserver_storage_objects{resource="roles.rbac.authorization.k8s.io"} 4',
    ]);
    configmaps = 3;
    const text = m.render();
    assert.ok(text.includes('apiserver_storage_objects{resource="configmaps"} 3\n'));
    assert.match(text, /^# TYPE apiserver_storage_objects gauge$/m);
    assert.deepEqual(lines(text, 'apiserver_resource_objects'), [
      'apiserver_resource_objects{group="",resource="configmaps"} 3',
      'apiserver_resource_objects{group="apps",resource="deployments"} -1',
      'apiserver_resource_objects{group="rbac.authorization.k8s.io",resource="roles"} 4',
    ]);
  });

  it('exports the process families scrapers expect', () => {
    const text = createApiserverMetrics().render();
    const value = (name: string) => {
      const line = lines(text, `${name} `)[0];
      assert.ok(line, `${name} missing`);
      return Number(line.split(' ')[1]);
    };
    assert.match(text, /^# TYPE process_cpu_seconds_total counter$/m);
    assert.ok(value('process_cpu_seconds_total') > 0);
    assert.ok(value('process_resident_memory_bytes') > 1e6);
    const start = value('process_start_time_seconds');
    assert.ok(start <= Date.now() / 1000 && start > Date.now() / 1000 - 3600, String(start));
    if (process.platform === 'linux') {
      assert.ok(value('process_open_fds') > 2);
      assert.ok(value('process_max_fds') >= value('process_open_fds'));
      assert.ok(value('process_virtual_memory_bytes') >= value('process_resident_memory_bytes'));
    }
  });
});
