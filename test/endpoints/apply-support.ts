// What the server-side apply endpoint tests share: an admin HTTPS client that can send any
// Content-Type and User-Agent, and readers for managedFields entries.
import { request } from 'node:https';
import { parse } from 'yaml';

export interface Reply {
  status: number;
  text: string;
  json: Record<string, any>;
  warnings: string[];
}

export type Call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Reply>;

export const APPLY = { 'content-type': 'application/apply-patch+yaml' };
export const MERGE = { 'content-type': 'application/merge-patch+json' };

/** A client with the admin credentials of a server's kubeconfig; string bodies are sent as they are. */
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
          const warnings = w === undefined ? [] : Array.isArray(w) ? w : [w];
          resolve({ status: res.statusCode ?? 0, text, json, warnings });
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
}

export interface Entry {
  manager: string;
  operation: string;
  apiVersion: string;
  time?: string;
  fieldsType: string;
  fieldsV1: Record<string, any>;
  subresource?: string;
}

export function entries(obj: Record<string, any>): Entry[] {
  return (obj.metadata?.managedFields ?? []) as Entry[];
}

/** The one entry of `manager` (and operation), failing when there is not exactly one. */
export function entryOf(obj: Record<string, any>, manager: string, operation?: string): Entry {
  const found = entries(obj).filter((e) => e.manager === manager && (operation === undefined || e.operation === operation));
  if (found.length !== 1) throw new Error(`expected one ${operation ?? ''} entry of ${manager}, found ${JSON.stringify(entries(obj))}`);
  return found[0]!;
}
