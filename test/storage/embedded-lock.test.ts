// One process per data directory: the LOCK file refuses a live owner and is taken over from a
// dead one. ~1 s (starts two short-lived child processes).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LOCK_FILE, openEmbeddedStorage } from '../../runtime/storage/embedded/index.js';
import { isStorageError } from '../../runtime/storage/index.js';

const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'capstan-lock-'));
  dirs.push(dir);
  return dir;
}

const open = (dataDir: string) => openEmbeddedStorage({ mode: 'durable', dataDir });

async function refusal(dataDir: string): Promise<Error> {
  try {
    const store = await open(dataDir);
    await store.close();
  } catch (err) {
    assert.ok(isStorageError(err, 'Unavailable'), String(err));
    return err;
  }
  assert.fail('a second open of a locked data directory succeeded');
}

/** A child process that sleeps until killed. */
function sleeper() {
  return spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
}

describe('embedded storage: data directory lock', () => {
  it('refuses a second open while the first is open, and allows it after close', async () => {
    const dir = await freshDir();
    const first = await open(dir);
    await first.create('/l/a', { metadata: { name: 'a' } });
    const err = await refusal(dir);
    assert.match(err.message, new RegExp(`in use by process ${process.pid}`));
    assert.equal((await first.get('/l/a'))?.metadata?.name, 'a', 'the refused open left the owner alone');
    await first.close();
    const second = await open(dir);
    assert.equal((await second.get('/l/a'))?.metadata?.name, 'a');
    await second.close();
  });

  it('refuses a lock held by another live process and takes it over once that process is dead', async () => {
    const dir = await freshDir();
    const owner = sleeper();
    await new Promise((resolve) => owner.once('spawn', resolve));
    await writeFile(join(dir, LOCK_FILE), `${owner.pid}\n`);
    const err = await refusal(dir);
    assert.match(err.message, new RegExp(`in use by process ${owner.pid}`));

    const exited = new Promise((resolve) => owner.once('exit', resolve));
    owner.kill('SIGKILL');
    await exited;
    const store = await open(dir);
    assert.equal((await readFile(join(dir, LOCK_FILE), 'utf8')).trim(), String(process.pid), 'the lock is ours now');
    await store.close();
  });

  it('takes over an empty lock file (an owner that died while creating it)', async () => {
    const dir = await freshDir();
    await writeFile(join(dir, LOCK_FILE), '');
    const store = await open(dir);
    await store.close();
  });
});
