// An HTTPS client with the admin credentials of a server's kubeconfig, for tests that speak to
// a started server directly: any method, Content-Type or header; string bodies are sent as
// they are, others as JSON; the answer's text, parsed JSON (or {}) and Warning headers.
import { request } from 'node:https';
import { parse } from 'yaml';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, any>;
  warnings: string[];
}

export type Call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Reply>;

export function adminClient(server: { readonly url: string; readonly kubeconfig: string }): Call {
  const cfg = parse(server.kubeconfig);
  const b64 = (s: string) => Buffer.from(s, 'base64');
  const creds = { ca: b64(cfg.clusters[0].cluster['certificate-authority-data']), cert: b64(cfg.users[0].user['client-certificate-data']), key: b64(cfg.users[0].user['client-key-data']) };
  return (method, path, body, headers = {}) =>
    new Promise<Reply>((resolve, reject) => {
      const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      const length: Record<string, string> = payload === undefined ? {} : { 'content-length': String(Buffer.byteLength(payload)) };
      const req = request(new URL(path, server.url), { method, ...creds, headers: { 'content-type': 'application/json', ...length, ...headers } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => {
          let json: Record<string, any> = {};
          try {
            json = JSON.parse(text);
          } catch {
            // not JSON
          }
          const w = res.headers['warning'];
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, warnings: w === undefined ? [] : Array.isArray(w) ? w : [w] });
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
}
