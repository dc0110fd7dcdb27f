// `npm start` semantics: SIGTERM stops accepting, ends watches cleanly, flushes storage and
// exits 0; what was acknowledged before is there after a restart on the same data dir.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';

interface Started {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

async function startCapstan(dataDir: string): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'runtime/server/main.ts', '--data-dir', dataDir, '--secure-port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`capstan did not start:\n${output}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const m = /serving on (https:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', () => reject(new Error(`capstan exited early:\n${output}`)));
  });
  return { child, url, exited };
}

interface Credentials {
  ca: string;
  cert: string;
  key: string;
}

async function credentials(dataDir: string): Promise<Credentials> {
  const config = parse(await readFile(join(dataDir, 'admin.kubeconfig'), 'utf8'));
  const b64 = (s: string) => Buffer.from(s, 'base64').toString();
  return {
    ca: b64(config.clusters[0].cluster['certificate-authority-data']),
    cert: b64(config.users[0].user['client-certificate-data']),
    key: b64(config.users[0].user['client-key-data']),
  };
}

function call(url: string, creds: Credentials, method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, url), { method, ...creds, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

describe('npm start', { timeout: 120_000 }, () => {
  const dirs: string[] = [];
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('ends watches and exits 0 on SIGTERM, keeping acknowledged writes', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'capstan-sigterm-'));
    dirs.push(dataDir);
    const first = await startCapstan(dataDir);
    const creds = await credentials(dataDir);
    const created = await call(first.url, creds, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'kept' }, data: { a: '1' } });
    assert.equal(created.status, 201, created.text);

    const watchEnded = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(new URL('/api/v1/namespaces/default/configmaps?watch=true', first.url), { ...creds }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
    await new Promise((r) => setTimeout(r, 500));
    first.child.kill('SIGTERM');
    const watched = await watchEnded;
    assert.equal(watched.status, 200);
    assert.match(watched.text, /"type":"ADDED".*"name":"kept"/);
    assert.equal(await first.exited, 0);

    const second = await startCapstan(dataDir);
    const read = await call(second.url, creds, 'GET', '/api/v1/namespaces/default/configmaps/kept');
    assert.equal(read.status, 200, read.text);
    assert.deepEqual(JSON.parse(read.text).data, { a: '1' });
    second.child.kill('SIGTERM');
    assert.equal(await second.exited, 0);
  });
});
