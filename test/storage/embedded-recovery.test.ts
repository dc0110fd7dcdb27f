// Durable embedded storage across restarts: clean reopen, torn tails, corruption, snapshots.
// ~1 s.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { appendFile, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openEmbeddedStorage, type EmbeddedStorage, type EmbeddedStorageOptions } from '../../runtime/storage/embedded/index.js';
import { isStorageError, type StoredObject, type WatchEvent } from '../../runtime/storage/index.js';
import { rvOf, WatchReader } from '../conformance/watch-helpers.js';

interface Item extends StoredObject {
  value?: string;
}

const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'capstan-embedded-'));
  dirs.push(dir);
  return dir;
}

const open = (dataDir: string, extra: Partial<EmbeddedStorageOptions> = {}) =>
  openEmbeddedStorage({ mode: 'durable', dataDir, ...extra });

const item = (name: string, value?: string): Item => ({ metadata: { name }, ...(value === undefined ? {} : { value }) });
const rv = (obj: StoredObject) => Number(obj.metadata!.resourceVersion);

async function segments(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => n.startsWith('wal-')).sort();
}

async function onlySegment(dir: string): Promise<string> {
  const names = await segments(dir);
  assert.equal(names.length, 1, `one log segment in ${names.join(', ')}`);
  return join(dir, names[0]!);
}

async function openFailure(dataDir: string): Promise<Error> {
  try {
    const store = await open(dataDir);
    await store.close();
  } catch (err) {
    assert.ok(isStorageError(err, 'Internal'), `an Internal StorageError, got ${String(err)}`);
    return err;
  }
  assert.fail('open succeeded on damaged data');
}

const typesAndRvs = (events: WatchEvent<StoredObject>[]) => events.map((e) => [e.type, rvOf(e)]);

describe('embedded storage: recovery', () => {
  it('reopens after a clean close with data, revisions and the watch window intact', async () => {
    const dir = await freshDir();
    let store: EmbeddedStorage = await open(dir);
    const a1 = await store.create('/r/a', item('a', 'one'));
    const b1 = await store.create('/r/b', item('b'));
    const a2 = await store.guaranteedUpdate('/r/a', {}, (c) => ({ ...c!, value: 'two' }));
    const bGone = await store.delete('/r/b');
    const c1 = await store.create('/r/c', item('c'));
    const before = await store.currentRevision();
    await store.close();

    store = await open(dir);
    assert.equal(await store.currentRevision(), before);
    assert.deepEqual(await store.get('/r/a'), a2);
    assert.equal(await store.get('/r/b', { ignoreNotFound: true }), null);
    assert.deepEqual((await store.list('/r/')).items, [a2, c1]);
    const old = await store.list('/r/', { resourceVersion: String(rv(b1)), resourceVersionMatch: 'Exact' });
    assert.deepEqual(old.items, [a1, b1], 'history from before the restart is readable');
    const expected = [
      ['ADDED', rv(b1)],
      ['MODIFIED', rv(a2)],
      ['DELETED', rv(bGone)],
      ['ADDED', rv(c1)],
    ];
    const reader = new WatchReader(store.watch('/r/', { recursive: true, resourceVersion: String(rv(a1)) }));
    assert.deepEqual(typesAndRvs(await reader.take(4)), expected);
    reader.stop();
    const d = await store.create('/r/d', item('d'));
    assert.equal(rv(d), before + 1, 'revisions continue where they stopped');

    // The same after a snapshot: the window travels in the snapshot, not only in the log.
    await store.snapshotNow();
    await store.close();
    store = await open(dir);
    const again = new WatchReader(store.watch('/r/', { recursive: true, resourceVersion: String(rv(a1)) }));
    assert.deepEqual(typesAndRvs(await again.take(5)), [...expected, ['ADDED', rv(d)]]);
    again.stop();

    // A watch from before the compacted revision ends Expired after a restart too.
    await store.compact(rv(a2));
    await store.snapshotNow();
    await store.close();
    store = await open(dir);
    assert.equal(store.compactedRevision(), rv(a2));
    const expired = new WatchReader(store.watch('/r/', { recursive: true, resourceVersion: String(rv(a1)) }));
    const first = await expired.expectEvent();
    assert.ok(first.type === 'ERROR' && first.error.code === 'Expired');
    assert.equal(await expired.next(1000), 'end');
    const covered = new WatchReader(store.watch('/r/', { recursive: true, resourceVersion: String(rv(a2)) }));
    assert.deepEqual(typesAndRvs(await covered.take(3)), [
      ['DELETED', rv(bGone)],
      ['ADDED', rv(c1)],
      ['ADDED', rv(d)],
    ]);
    covered.stop();
    await store.close();
  });

  it('cuts off a torn final record and keeps everything before it', async () => {
    const dir = await freshDir();
    let store = await open(dir);
    const a = await store.create('/t/a', item('a'));
    const b = await store.create('/t/b', item('b'));
    const path = await onlySegment(dir);
    const sizeAfterB = (await stat(path)).size;
    await store.create('/t/c', item('c', 'x'.repeat(300)));
    await store.close();
    const full = (await stat(path)).size;
    await truncate(path, sizeAfterB + Math.floor((full - sizeAfterB) / 2));

    store = await open(dir);
    assert.equal((await stat(path)).size, sizeAfterB, 'the torn record is truncated away');
    assert.deepEqual((await store.list('/t/')).items, [a, b]);
    assert.equal(await store.currentRevision(), rv(b));
    const c = await store.create('/t/c', item('c', 'again'));
    assert.equal(rv(c), rv(b) + 1);
    await store.close();
    store = await open(dir);
    assert.deepEqual((await store.list('/t/')).items, [a, b, c]);
    await store.close();
  });

  it('cuts off garbage after the last record', async () => {
    const dir = await freshDir();
    let store = await open(dir);
    const a = await store.create('/g/a', item('a'));
    const b = await store.create('/g/b', item('b'));
    await store.close();
    const path = await onlySegment(dir);
    const clean = (await stat(path)).size;
    for (const garbage of [randomBytes(3), randomBytes(500), Buffer.alloc(4096)]) {
      await appendFile(path, garbage);
      store = await open(dir);
      assert.deepEqual((await store.list('/g/')).items, [a, b]);
      await store.close();
      assert.equal((await stat(path)).size, clean);
    }
  });

  it('refuses to start on a corrupt record in the middle, naming the file and offset', async () => {
    const dir = await freshDir();
    const store = await open(dir);
    await store.create('/m/a', item('a'));
    const path = await onlySegment(dir);
    const secondFrame = (await stat(path)).size;
    await store.create('/m/b', item('b', 'payload'));
    await store.create('/m/c', item('c'));
    await store.close();
    const bytes = await readFile(path);
    bytes[secondFrame + 20] = bytes[secondFrame + 20]! ^ 0xff;
    await writeFile(path, bytes);

    const err = await openFailure(dir);
    assert.ok(err.message.includes(path), `names the file: ${err.message}`);
    assert.ok(err.message.includes(`byte offset ${secondFrame}`), `names the offset: ${err.message}`);
    // Nothing was dropped or rewritten, and the failed open released the lock.
    assert.deepEqual(await readFile(path), bytes);
    const again = await openFailure(dir);
    assert.equal(again.message, err.message);
  });

  it('snapshots, truncates the log and reopens from snapshot plus log', async () => {
    const dir = await freshDir();
    let store = await open(dir, { snapshotAfterBytes: 8 * 1024 });
    for (let i = 0; i < 300; i++) await store.create(`/s/${String(i).padStart(3, '0')}`, item(`o${i}`, 'v'.repeat(50)));
    for (let i = 0; i < 300; i += 3) await store.delete(`/s/${String(i).padStart(3, '0')}`);
    assert.ok(store.stats().snapshots >= 1, 'the size threshold triggered snapshots');
    await store.snapshotNow();
    const snapshotRevision = await store.currentRevision();
    const names = await readdir(dir);
    const snaps = names.filter((n) => n.endsWith('.snap'));
    assert.deepEqual(snaps, [`snapshot-${String(snapshotRevision).padStart(16, '0')}.snap`], 'only the newest snapshot is kept');
    assert.deepEqual(await segments(dir), [`wal-${String(snapshotRevision + 1).padStart(16, '0')}.log`], 'older segments are gone');
    const tail = await store.create('/s/tail', item('tail'));
    const listed = await store.list('/s/');
    await store.close();

    store = await open(dir);
    assert.deepEqual(await store.list('/s/'), listed);
    assert.equal(rv(tail), snapshotRevision + 1);
    await store.close();
  });

  it('refuses to start on a damaged snapshot, naming it', async () => {
    const dir = await freshDir();
    const store = await open(dir);
    for (let i = 0; i < 20; i++) await store.create(`/d/${i}`, item(`d${i}`));
    await store.snapshotNow();
    await store.close();
    const snap = join(dir, (await readdir(dir)).find((n) => n.endsWith('.snap'))!);
    const bytes = await readFile(snap);
    bytes[bytes.length >> 1] ^= 0x55;
    await writeFile(snap, bytes);
    const err = await openFailure(dir);
    assert.ok(err.message.includes(snap), err.message);
    assert.match(err.message, /byte offset \d+/);
  });
});
