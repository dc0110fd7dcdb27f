// The load generator: requests over one HTTP/2 session, many streams at once, as client-go
// multiplexes. Every answer's status is kept so a round that was denied is never reported as
// a throughput figure.
import type { ClientHttp2Session } from 'node:http2';

export interface Reply {
  readonly status: number;
  readonly body: string;
}

/** One request; `token` sends `Authorization: Bearer`, otherwise the session's client cert speaks. */
export function h2(session: ClientHttp2Session, method: string, path: string, opts: { body?: string; token?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ':method': method, ':path': path, accept: 'application/json' };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (opts.token !== undefined) headers['authorization'] = `Bearer ${opts.token}`;
    const stream = session.request(headers);
    let status = 0;
    let text = '';
    stream.on('response', (h) => (status = Number(h[':status'])));
    stream.setEncoding('utf8');
    stream.on('data', (c: string) => (text += c));
    stream.on('end', () => resolve({ status, body: text }));
    stream.on('error', reject);
    stream.end(opts.body);
  });
}

export interface RoundResult {
  readonly rps: number;
  readonly requests: number;
  /** Answers other than `expectStatus`; the caller refuses a round that has any. */
  readonly unexpected: number;
  readonly firstUnexpected?: Reply;
}

/** Requests per second of `op` over `streams` concurrent streams for `durationMs`. */
export async function round(op: () => Promise<Reply>, durationMs: number, streams: number, expectStatus = 200): Promise<RoundResult> {
  let requests = 0;
  let unexpected = 0;
  let firstUnexpected: Reply | undefined;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: streams }, async () => {
      while (performance.now() < deadline) {
        const r = await op();
        requests++;
        if (r.status !== expectStatus) {
          unexpected++;
          firstUnexpected ??= r;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { rps: requests / seconds, requests, unexpected, ...(firstUnexpected ? { firstUnexpected } : {}) };
}
