// Accept and Content-Type parsing. kube negotiates on full media types with parameters
// (`application/json;as=Table;v=v1;g=meta.k8s.io`), so parameters are kept, lower-cased keys.

export interface MediaType {
  type: string;
  subtype: string;
  params: Record<string, string>;
  q: number;
}

export function parseMediaType(value: string): MediaType | null {
  const [essence, ...rawParams] = value.split(';');
  const [type, subtype] = (essence ?? '').trim().toLowerCase().split('/');
  if (!type || !subtype) return null;
  const params: Record<string, string> = {};
  let q = 1;
  for (const raw of rawParams) {
    const eq = raw.indexOf('=');
    if (eq < 0) continue;
    const key = raw.slice(0, eq).trim().toLowerCase();
    let val = raw.slice(eq + 1).trim();
    if (val.startsWith('"') && val.endsWith('"')) val = val.slice(1, -1);
    if (key === 'q') {
      const n = Number(val);
      q = Number.isFinite(n) ? n : 1;
    } else {
      params[key] = val;
    }
  }
  return { type, subtype, params, q };
}

/** The Accept header's media types, most preferred first (stable for equal q). */
export function parseAccept(header: string | undefined): MediaType[] {
  if (!header || header.trim() === '') return [{ type: '*', subtype: '*', params: {}, q: 1 }];
  const out: MediaType[] = [];
  for (const part of splitOutsideQuotes(header)) {
    const mt = parseMediaType(part);
    if (mt && mt.q > 0) out.push(mt);
  }
  return out.map((mt, i) => ({ mt, i })).sort((a, b) => b.mt.q - a.mt.q || a.i - b.i).map((x) => x.mt);
}

function splitOutsideQuotes(header: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of header) {
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

export const essenceOf = (mt: MediaType): string => `${mt.type}/${mt.subtype}`;
