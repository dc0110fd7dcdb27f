// Raw HTTP/1.1 over TLS, so tests can send what well-behaved clients never would (control
// bytes, repeated or oversized headers, unnormalized paths).
import { connect } from 'node:tls';

export interface RawCreds {
  readonly ca: string;
  readonly cert?: string;
  readonly key?: string;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: string;
  readonly body: string;
}

export function rawRequest(port: number, creds: RawCreds, head: string, body = ''): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', ALPNProtocols: ['http/1.1'], ...creds }, () => {
      // No half-close: the server may drop a request whose client already ended its side.
      socket.write(Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(body)]));
    });
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (chunks.length === 0 && err.code !== 'ECONNRESET') reject(err);
    });
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const at = text.indexOf('\r\n\r\n');
      const headers = at >= 0 ? text.slice(0, at) : text;
      let payload = at >= 0 ? text.slice(at + 4) : '';
      if (/^transfer-encoding:\s*chunked/im.test(headers)) payload = unchunk(payload);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(headers)?.[1] ?? 0), headers, body: payload });
    });
  });
}

function unchunk(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const eol = s.indexOf('\r\n', i);
    if (eol < 0) break;
    const size = parseInt(s.slice(i, eol), 16);
    if (!size) break;
    out += s.slice(eol + 2, eol + 2 + size);
    i = eol + 2 + size + 2;
  }
  return out;
}

/** A GET with extra raw header lines (each without its CRLF). */
export function rawGet(port: number, creds: RawCreds, path: string, headerLines: readonly string[] = []): Promise<RawResponse> {
  return rawRequest(port, creds, `GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n${headerLines.map((h) => `${h}\r\n`).join('')}\r\n`);
}

export function rawSend(port: number, creds: RawCreds, method: string, path: string, body: string, headerLines: readonly string[] = []): Promise<RawResponse> {
  const head = `${method} ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${headerLines.map((h) => `${h}\r\n`).join('')}\r\n`;
  return rawRequest(port, creds, head, body);
}

interface StatusBody {
  kind?: string;
  apiVersion?: string;
  status?: string;
  code?: number;
  reason?: string;
  message?: string;
}

/** The body as a Status, asserting nothing internal leaks (stack frames, source paths). */
export function leakFreeStatus(r: RawResponse): StatusBody {
  const leaks = [/\bat [\w.<>]+ \(/, /\.ts:\d+/, /\/work\//, /node_modules/, /"stack"/, /Error: /];
  for (const leak of leaks) if (leak.test(r.body)) throw new Error(`response leaks internals (${leak}): ${r.body.slice(0, 300)}`);
  const status = JSON.parse(r.body) as StatusBody;
  if (status.kind !== 'Status' || status.apiVersion !== 'v1' || status.status !== 'Failure') throw new Error(`not a failure Status: ${r.body.slice(0, 300)}`);
  if (status.code !== r.status) throw new Error(`Status code ${status.code} differs from the HTTP status ${r.status}`);
  return status;
}
