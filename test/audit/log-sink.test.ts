// The log backend: ordered JSON lines, batching with flush, 0600 files, lumberjack rotation.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { backupPath, maxSizeBytes, openAuditLog, openFileLog, type AuditEvent } from '../../runtime/audit/index.js';
import { decodeRequestBody } from '../../runtime/audit/request-body.js';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'capstan-audit-log-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function event(n: number, pad = ''): AuditEvent {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: `id-${String(n).padStart(4, '0')}${pad}`,
    stage: 'ResponseComplete',
    requestURI: '/api/v1/pods',
    verb: 'list',
    user: { username: 'alice' },
    requestReceivedTimestamp: '2026-11-22T10:00:00.000000Z',
    stageTimestamp: '2026-11-22T10:00:00.000001Z',
  };
}

const lineLength = Buffer.byteLength(`${JSON.stringify(event(0))}\n`);
const idsIn = (text: string): string[] => text.split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as AuditEvent).auditID);

test('log: maxsize is MB of 1024*1024 bytes, and 0 means lumberjack\'s 100 MB', () => {
  assert.equal(maxSizeBytes(1), 1_048_576);
  assert.equal(maxSizeBytes(250), 250 * 1_048_576);
  assert.equal(maxSizeBytes(0), 100 * 1_048_576);
  assert.equal(maxSizeBytes(undefined), 100 * 1_048_576);
});

test('log: backups are named <name>-<UTC time with milliseconds><ext> beside the log', () => {
  const t = Date.UTC(2026, 10, 22, 18, 30, 5, 7);
  assert.equal(backupPath('/var/log/audit.log', t), '/var/log/audit-2026-11-22T18-30-05.007.log');
  assert.equal(backupPath('/var/log/audit', t), '/var/log/audit-2026-11-22T18-30-05.007');
  assert.equal(backupPath('/var/log/kube.audit.json', t), '/var/log/kube.audit-2026-11-22T18-30-05.007.json');
});

test('log: events are appended one JSON line each, in order; flush puts them on disk; the file is 0600', async () => {
  await withDir(async (dir) => {
    const path = join(dir, 'sub', 'audit.log');
    const sink = await openAuditLog({ path });
    assert.equal((await stat(path)).mode & 0o777, 0o600, 'created at open');
    for (let i = 0; i < 500; i++) sink.write(event(i));
    // Nothing is written synchronously: the batch goes out after this turn of the event loop.
    assert.equal((await readFile(path, 'utf8')).length, 0);
    await sink.flush();
    const ids = idsIn(await readFile(path, 'utf8'));
    assert.equal(ids.length, 500);
    assert.deepEqual(ids, Array.from({ length: 500 }, (_, i) => event(i).auditID));
    // Interleaved writes and flushes keep the order.
    sink.write(event(500));
    const first = sink.flush();
    sink.write(event(501));
    await first;
    assert.ok(idsIn(await readFile(path, 'utf8')).includes('id-0500'));
    await sink.close();
    const all = idsIn(await readFile(path, 'utf8'));
    assert.deepEqual(all.slice(-2), ['id-0500', 'id-0501']);
    sink.write(event(999));
    await sink.flush();
    assert.equal(idsIn(await readFile(path, 'utf8')).length, 502, 'writes after close are dropped');
  });
});

test('log: an existing log is appended to', async () => {
  await withDir(async (dir) => {
    const path = join(dir, 'audit.log');
    await writeFile(path, `${JSON.stringify(event(1))}\n`);
    const sink = await openAuditLog({ path });
    sink.write(event(2));
    await sink.close();
    assert.deepEqual(idsIn(await readFile(path, 'utf8')), ['id-0001', 'id-0002']);
  });
});

test('log: rotation by size keeps whole lines, keeps maxbackup files and every event in order', async () => {
  await withDir(async (dir) => {
    const path = join(dir, 'audit.log');
    let clock = Date.UTC(2026, 10, 22, 10, 0, 0, 0);
    const errors: unknown[] = [];
    // Three lines per file.
    const sink = openFileLog(path, { maxBytes: lineLength * 3 + 1, maxBackups: 0, maxAgeDays: 0, onError: (e) => errors.push(e), now: () => clock });
    for (let i = 0; i < 10; i++) {
      sink.write(event(i));
      if (i % 3 === 2) {
        await sink.flush();
        clock += 1000;
      }
    }
    await sink.close();
    assert.deepEqual(errors, []);
    const files = (await readdir(dir)).sort();
    assert.deepEqual(files, ['audit-2026-11-22T10-00-01.000.log', 'audit-2026-11-22T10-00-02.000.log', 'audit-2026-11-22T10-00-03.000.log', 'audit.log']);
    const ids: string[] = [];
    for (const f of files.filter((f) => f !== 'audit.log')) {
      const text = await readFile(join(dir, f), 'utf8');
      assert.ok(Buffer.byteLength(text) <= lineLength * 3 + 1);
      ids.push(...idsIn(text));
      assert.equal((await stat(join(dir, f))).mode & 0o777, 0o600);
    }
    ids.push(...idsIn(await readFile(path, 'utf8')));
    assert.deepEqual(ids, Array.from({ length: 10 }, (_, i) => event(i).auditID));
  });
});

test('log: maxbackup keeps the newest rotated files; rotations in one millisecond do not overwrite each other', async () => {
  await withDir(async (dir) => {
    const path = join(dir, 'audit.log');
    const clock = Date.UTC(2026, 10, 22, 10, 0, 0, 0);
    const sink = openFileLog(path, { maxBytes: lineLength, maxBackups: 2, maxAgeDays: 0, onError: (e) => assert.fail(String(e)), now: () => clock });
    for (let i = 0; i < 6; i++) sink.write(event(i));
    await sink.close();
    const files = (await readdir(dir)).sort();
    assert.deepEqual(files, ['audit-2026-11-22T10-00-00.003.log', 'audit-2026-11-22T10-00-00.004.log', 'audit.log']);
    assert.deepEqual(idsIn(await readFile(join(dir, files[0]!), 'utf8')), ['id-0003']);
    assert.deepEqual(idsIn(await readFile(join(dir, files[1]!), 'utf8')), ['id-0004']);
    assert.deepEqual(idsIn(await readFile(path, 'utf8')), ['id-0005']);
  });
});

test('log: maxage removes backups whose name says they are older, and leaves other files alone', async () => {
  await withDir(async (dir) => {
    const path = join(dir, 'audit.log');
    const now = Date.UTC(2026, 10, 22, 10, 0, 0, 0);
    const day = 24 * 3600 * 1000;
    const old = backupPath(path, now - 3 * day - 1);
    const recent = backupPath(path, now - 3 * day + 60_000);
    for (const f of [old, recent, join(dir, 'audit-notatime.log'), join(dir, 'other-2020-01-01T00-00-00.000.log')]) await writeFile(f, 'x\n');
    const sink = openFileLog(path, { maxBytes: lineLength * 2, maxBackups: 0, maxAgeDays: 3, onError: (e) => assert.fail(String(e)), now: () => now });
    sink.write(event(1));
    await sink.close();
    const files = (await readdir(dir)).sort();
    assert.deepEqual(files, ['audit-2026-11-19T10-01-00.000.log', 'audit-notatime.log', 'audit.log', 'other-2020-01-01T00-00-00.000.log']);
  });
});

test('log: an event larger than maxsize is reported and dropped, like lumberjack refuses it', async () => {
  await withDir(async (dir) => {
    const path = join(dir, 'audit.log');
    const errors: string[] = [];
    const sink = openFileLog(path, { maxBytes: lineLength + 10, maxBackups: 0, maxAgeDays: 0, onError: (e) => errors.push((e as Error).message), now: Date.now });
    sink.write(event(1));
    sink.write(event(2, 'x'.repeat(100)));
    sink.write(event(3));
    await sink.close();
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /^write length \d+ exceeds maximum file size \d+$/);
    const all = (await readdir(dir)).sort();
    const ids = [];
    for (const f of all) ids.push(...idsIn(await readFile(join(dir, f), 'utf8')));
    assert.deepEqual(ids.sort(), ['id-0001', 'id-0003']);
  });
});

test('log: a write failure is reported through onError, and the log recovers', async () => {
  await withDir(async (dir) => {
    const path = join(dir, 'audit.log');
    const errors: unknown[] = [];
    // The log's path turns into a directory before the first batch: opening it fails.
    const again = await openAuditLog({ path, onError: (e) => errors.push(e) });
    await rm(path);
    await mkdir(path);
    again.write(event(2));
    await again.flush();
    assert.ok(errors.length >= 1, 'the failure was reported');
    await rm(path, { recursive: true });
    again.write(event(3));
    await again.close();
    assert.deepEqual(idsIn(await readFile(path, 'utf8')), ['id-0003']);
  });
});

test('log: "-" writes to standard out', async () => {
  const chunks: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  const sink = await openAuditLog({ path: '-' });
  // The test runner reports on stdout too: only our lines are captured, the rest pass through.
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (typeof chunk === 'string' && chunk.startsWith('{"kind":"Event"')) {
      chunks.push(chunk);
      const cb = rest.find((r) => typeof r === 'function') as ((err?: Error | null) => void) | undefined;
      cb?.();
      return true;
    }
    return (original as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  try {
    sink.write(event(1));
    sink.write(event(2));
    await sink.flush();
  } finally {
    process.stdout.write = original;
  }
  assert.deepEqual(idsIn(chunks.join('')), ['id-0001', 'id-0002']);
  assert.equal(chunks.length, 1, 'one write for the batch');
});

test('an event that cannot be encoded is reported, never thrown, and later events still go out', async () => {
  await withDir(async (dir) => {
    const path = join(dir, 'audit.log');
    const errors: unknown[] = [];
    const sink = openFileLog(path, { maxBytes: 1 << 20, maxBackups: 0, maxAgeDays: 0, onError: (e) => errors.push(e), now: Date.now });
    let deep: unknown = 'x';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    assert.doesNotThrow(() => sink.write({ ...event(1), requestObject: deep } as AuditEvent));
    sink.write(event(2));
    await sink.flush();
    await sink.close();
    assert.equal(errors.length, 1);
    assert.deepEqual((await readFile(path, 'utf8')).trim().split('\n').map((l) => (JSON.parse(l) as AuditEvent).auditID), ['id-0002']);
  });
});

test('request bodies nested past the endpoints\' depth limit are left out of events', () => {
  const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
  assert.equal(decodeRequestBody(Buffer.from(deep), 'application/json'), undefined);
  assert.deepEqual(decodeRequestBody(Buffer.from('{"a":[1]}'), undefined), { a: [1] });
});
