// CustomResourceDefinitions for a test server (envtest's CRD install): read from YAML/JSON
// files or given as objects, created (or updated) through the API as the admin, and waited for
// until every served version answers, so a test can use its custom resources at once.
import { readdir, readFile, stat } from 'node:fs/promises';
import { request } from 'node:https';
import { extname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ApiServer } from './api-server.js';

/** A CRD object, or a path to a file or directory of YAML/JSON manifests holding CRDs. */
export type CrdSource = string | Record<string, unknown>;

interface CrdShape {
  kind?: string;
  metadata?: { name?: string };
  spec?: { group?: string; names?: { plural?: string }; versions?: { name?: string; served?: boolean }[] };
}

const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

async function manifestsIn(path: string): Promise<unknown[]> {
  const info = await stat(path);
  if (info.isDirectory()) {
    const out: unknown[] = [];
    for (const entry of (await readdir(path)).sort()) {
      if (['.yaml', '.yml', '.json'].includes(extname(entry))) out.push(...(await manifestsIn(join(path, entry))));
    }
    return out;
  }
  const text = await readFile(path, 'utf8');
  return parseAllDocuments(text)
    .map((doc) => doc.toJS() as unknown)
    .filter((doc) => doc !== null && doc !== undefined);
}

function call(server: ApiServer, method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      new URL(path, server.url),
      {
        method,
        ca: server.caPem,
        cert: server.admin.certPem,
        key: server.admin.keyPem,
        headers: { 'content-type': 'application/json', ...(payload ? { 'content-length': String(Buffer.byteLength(payload)) } : {}) },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** A Status body's message, or the body itself. */
function messageOf(text: string): string {
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    return typeof message === 'string' ? message : text;
  } catch {
    return text;
  }
}

/** Creates every CRD found in `sources` (other kinds in the files are skipped) and waits until each is served. */
export async function installCrds(server: ApiServer, sources: readonly CrdSource[], timeoutMs = 10_000): Promise<void> {
  const crds: CrdShape[] = [];
  for (const source of sources) {
    const docs = typeof source === 'string' ? await manifestsIn(source) : [source];
    for (const doc of docs) if ((doc as CrdShape).kind === 'CustomResourceDefinition') crds.push(doc as CrdShape);
  }
  for (const crd of crds) {
    const created = await call(server, 'POST', CRD_PATH, crd);
    if (created.status === 409 && crd.metadata?.name) {
      // Already there (a durable test server restarted): bring it up to date instead.
      const current = await call(server, 'GET', `${CRD_PATH}/${crd.metadata.name}`);
      const resourceVersion = (JSON.parse(current.text) as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion;
      const updated = await call(server, 'PUT', `${CRD_PATH}/${crd.metadata.name}`, { ...crd, metadata: { ...crd.metadata, resourceVersion } });
      if (updated.status !== 200) throw new Error(`CRD ${crd.metadata.name}: update answered ${updated.status}: ${messageOf(updated.text)}`);
    } else if (created.status !== 201) {
      throw new Error(`CRD ${crd.metadata?.name ?? '(unnamed)'}: create answered ${created.status}: ${messageOf(created.text)}`);
    }
  }
  const deadline = Date.now() + timeoutMs;
  for (const crd of crds) {
    const group = crd.spec?.group ?? '';
    const plural = crd.spec?.names?.plural ?? '';
    for (const version of (crd.spec?.versions ?? []).filter((v) => v.served !== false)) {
      while (!server.served.lookup(group, version.name ?? '', plural)) {
        if (Date.now() > deadline) throw new Error(`CRD ${crd.metadata?.name}: ${group}/${version.name} ${plural} not served after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  }
}
