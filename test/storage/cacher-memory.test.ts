// The watch cache must hold each object in at most about twice its serialized (JSON) size. The
// measurement needs a forced GC, which the test runner's process does not expose, so this file
// re-runs itself in a child `node --expose-gc` process that fills a cache and prints the ratio.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { createWatchCache } from '../../runtime/storage/cacher/index.js';
import { openEmbeddedStorage } from '../../runtime/storage/embedded/index.js';
import type { Storage, StoredObject } from '../../runtime/storage/index.js';

const FIXTURE_ENV = 'CAPSTAN_CACHER_MEMORY_FIXTURE';
const OBJECTS = 10_000;
const MAX_RATIO = 2;

interface ConfigMap extends StoredObject {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    creationTimestamp: string;
    resourceVersion?: string;
    labels: Record<string, string>;
  };
  data: Record<string, string>;
}

/** A ConfigMap of everyday shape: a few labels, a few data keys of modest size. */
function configMap(i: number): ConfigMap {
  const id = i.toString(16).padStart(8, '0');
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `app-config-${i}`,
      namespace: `team-${i % 20}`,
      uid: `3f0c${id}-5b2e-4d7a-9c1e-${id}a1b2`,
      creationTimestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i % 60)).toISOString(),
      labels: { app: `service-${i % 50}`, tier: i % 2 ? 'backend' : 'frontend', 'app.kubernetes.io/managed-by': 'capstan' },
    },
    data: {
      'log.level': i % 3 ? 'info' : 'debug',
      'endpoint.url': `https://service-${i % 50}.team-${i % 20}.svc.cluster.local:8443/api/v${i % 4}`,
      'feature.flags': `search=${i % 2 === 0},cache=true,retries=${i % 7},timeoutSeconds=${30 + (i % 90)}`,
    },
  };
}

const gc = (): void => {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run with --expose-gc');
  for (let i = 0; i < 4; i++) collect();
};

const heapUsed = (): number => {
  gc();
  return process.memoryUsage().heapUsed;
};

/** Writes OBJECTS ConfigMaps and returns their stored JSON size. */
async function fill(backend: Storage, prefix: string): Promise<number> {
  let jsonBytes = 0;
  const batch = 100;
  for (let i = 0; i < OBJECTS; i += batch) {
    const written = await Promise.all(
      Array.from({ length: Math.min(batch, OBJECTS - i) }, (_, j) => {
        const cm = configMap(i + j);
        return backend.create(`${prefix}${cm.metadata.namespace}/${cm.metadata.name}`, cm);
      }),
    );
    for (const stored of written) jsonBytes += Buffer.byteLength(JSON.stringify(stored));
  }
  return jsonBytes;
}

/** The cache filled by its initial list: the heap it adds is all its own. */
async function measureListed(prefix: string): Promise<{ jsonBytes: number; heapBytes: number; objects: number }> {
  const backend = await openEmbeddedStorage({ mode: 'memory' });
  const jsonBytes = await fill(backend, prefix);
  const before = heapUsed();
  const cache = await createWatchCache<ConfigMap>({ backend, prefix });
  const heapBytes = heapUsed() - before;
  const objects = cache.status().objects;
  await cache.close();
  await backend.close();
  return { jsonBytes, heapBytes, objects };
}

/**
 * The cache filled through its watch (with its event ring full): the heap the same writes take
 * without a cache is measured first and subtracted.
 */
async function measureWatched(prefix: string): Promise<{ jsonBytes: number; heapBytes: number; objects: number }> {
  const alone = await openEmbeddedStorage({ mode: 'memory' });
  let before = heapUsed();
  await fill(alone, prefix);
  const backendBytes = heapUsed() - before;
  await alone.close();

  const backend = await openEmbeddedStorage({ mode: 'memory' });
  before = heapUsed();
  const cache = await createWatchCache<ConfigMap>({ backend, prefix });
  const jsonBytes = await fill(backend, prefix);
  const target = await backend.currentRevision();
  while (cache.status().revision < target) await new Promise((resolve) => setTimeout(resolve, 5));
  const heapBytes = heapUsed() - before - backendBytes;
  const objects = cache.status().objects;
  await cache.close();
  await backend.close();
  return { jsonBytes, heapBytes, objects };
}

async function measure(): Promise<void> {
  const listed = await measureListed('/registry/configmaps/');
  const watched = await measureWatched('/registry/configmaps/');
  process.stdout.write(`${JSON.stringify({ listed, watched })}\n`);
}

if (process.env[FIXTURE_ENV] === '1') {
  await measure();
} else {
  describe('watch cache memory', () => {
    it(`holds ${OBJECTS} ConfigMaps in at most ${MAX_RATIO}x their JSON size`, { timeout: 120_000 }, () => {
      const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url)], {
        env: { ...process.env, [FIXTURE_ENV]: '1' },
        encoding: 'utf8',
        timeout: 110_000,
      });
      assert.equal(child.status, 0, child.stderr);
      type Measured = { objects: number; jsonBytes: number; heapBytes: number };
      const report = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { listed: Measured; watched: Measured };
      for (const [how, m] of Object.entries(report)) {
        assert.equal(m.objects, OBJECTS);
        const ratio = m.heapBytes / m.jsonBytes;
        console.log(
          `watch cache memory (${how}): ${(m.heapBytes / m.objects).toFixed(0)} heap bytes per object, ` +
            `${(m.jsonBytes / m.objects).toFixed(0)} JSON bytes per object, ratio ${ratio.toFixed(2)}`,
        );
        assert.ok(ratio <= MAX_RATIO, `${how}: ratio ${ratio.toFixed(2)} exceeds ${MAX_RATIO}`);
        // A ratio near zero would mean the measurement missed the cache's objects.
        assert.ok(ratio > 0.5, `${how}: ratio ${ratio.toFixed(2)} is implausibly low`);
      }
    });
  });
}
