// The Python client (Debian's python3-kubernetes) against an in-process Capstan.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../runtime/server/index.js';

// Debian installs the package for its own interpreter, which may not be the first python3 on PATH.
const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => p === 'python3' || existsSync(p))!;

describe('python3-kubernetes e2e', { timeout: 120_000 }, () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server?.stop();
  });

  it('lists, creates, patches, watches and deletes', async () => {
    const script = new URL('./python/client_smoke.py', import.meta.url).pathname;
    const result = await new Promise<{ code: number; out: string }>((resolve) => {
      execFile(PYTHON, [script, server.kubeconfigPath], { timeout: 60_000 }, (err, stdout, stderr) => {
        resolve({ code: err ? 1 : 0, out: `${stdout}${stderr}` });
      });
    });
    assert.equal(result.code, 0, result.out);
    assert.match(result.out, /watch ok\ndelete ok/);
  });
});
