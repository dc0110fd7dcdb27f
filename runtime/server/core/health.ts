// /healthz, /livez and /readyz in kube's plain-text format, with named checks and ?verbose.
import type { ChainRequest, RawReply } from '../link.js';

export interface HealthCheck {
  readonly name: string;
  check(): Promise<void>;
}

export async function healthReply(endpoint: 'healthz' | 'livez' | 'readyz', checks: readonly HealthCheck[], req: ChainRequest): Promise<RawReply> {
  const exclude = new Set(req.query.getAll('exclude'));
  const results = await Promise.all(
    checks
      .filter((c) => !exclude.has(c.name))
      .map(async (c) => {
        try {
          await c.check();
          return { name: c.name, ok: true };
        } catch {
          return { name: c.name, ok: false };
        }
      }),
  );
  const failed = results.some((r) => !r.ok);
  const verbose = req.query.has('verbose') || failed;
  const lines = [...results.map((r) => (r.ok ? `[+]${r.name} ok` : `[-]${r.name} failed: reason withheld`))];
  const body = verbose ? `${lines.join('\n')}\n${endpoint} check ${failed ? 'failed' : 'passed'}\n` : 'ok';
  return {
    kind: 'raw',
    code: failed ? 500 : 200,
    contentType: 'text/plain; charset=utf-8',
    body,
    headers: { 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache, private' },
  };
}
