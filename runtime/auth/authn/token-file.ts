// Static bearer tokens from --token-auth-file: CSV lines `token,user,uid[,"group1,group2"]`,
// parsed with Go's encoding/csv rules (quoted fields, "" escapes, blank lines skipped).
// Tokens are kept only as SHA-256 digests and compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { UserInfo } from '../../registry/index.js';
import type { AuthnResult, TokenAuthenticator } from './types.js';
import { NONE } from './types.js';

export interface TokenFileEntry {
  readonly token: string;
  readonly user: UserInfo;
}

export interface TokenFileParse {
  readonly entries: readonly TokenFileEntry[];
  /** Lines kube skips with a warning (empty or duplicate tokens): line numbers, never tokens. */
  readonly warnings: readonly string[];
}

export class TokenFileError extends Error {}

export function parseTokenFile(text: string, path = 'token file'): TokenFileParse {
  const records = parseCsv(text, path);
  const byToken = new Map<string, TokenFileEntry>();
  const warnings: string[] = [];
  for (const { fields, line } of records) {
    if (fields.length < 3) {
      throw new TokenFileError(`token file '${path}' must have at least 3 columns (token, user name, user uid), found ${fields.length}`);
    }
    const [token, username, uid] = fields as [string, string, string];
    if (token.length === 0) {
      warnings.push(`empty token has been found in token file '${path}', line: ${line}`);
      continue;
    }
    if (byToken.has(token)) warnings.push(`duplicate token has been found in token file '${path}', line: ${line}`);
    const groups = fields.length >= 4 ? fields[3]!.split(',').filter((g) => g.length > 0) : [];
    byToken.set(token, { token, user: { username, uid, groups } });
  }
  return { entries: [...byToken.values()], warnings };
}

export async function loadTokenFile(path: string): Promise<TokenFileParse> {
  return parseTokenFile(await readFile(path, 'utf8'), path);
}

export function tokenFileAuthenticator(entries: readonly TokenFileEntry[]): TokenAuthenticator {
  const byDigest = new Map<string, { digest: Buffer; user: UserInfo }>();
  for (const e of entries) {
    const digest = sha256(e.token);
    byDigest.set(digest.toString('hex'), { digest, user: e.user });
  }
  return {
    async authenticateToken(token: string): Promise<AuthnResult> {
      // Looking up a digest leaks nothing useful about the token; the final compare is constant-time anyway.
      const digest = sha256(token);
      const found = byDigest.get(digest.toString('hex'));
      if (!found || !timingSafeEqual(found.digest, digest)) return NONE;
      return { kind: 'authenticated', user: found.user };
    },
  };
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
}

/** Go encoding/csv (comma-separated, no lazy quotes, variable field count). */
export function parseCsv(text: string, path = 'csv'): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    // A blank line (only a line ending) is no record.
    if (text[i] === '\n') {
      i++;
      line++;
      continue;
    }
    if (text[i] === '\r' && text[i + 1] === '\n') {
      i += 2;
      line++;
      continue;
    }
    const startLine = line;
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= n) throw new TokenFileError(`${path}: record on line ${startLine}: extraneous or missing " in quoted-field`);
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          if (c === '\r' && text[i + 1] === '\n') {
            i++;
            continue;
          }
          field += c;
          i++;
        }
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\n' && !(next === '\r' && text[i + 1] === '\n')) {
          throw new TokenFileError(`${path}: parse error on line ${line}: extraneous or missing " in quoted-field`);
        }
      } else {
        while (i < n && text[i] !== ',' && text[i] !== '\n' && !(text[i] === '\r' && text[i + 1] === '\n')) {
          if (text[i] === '"') throw new TokenFileError(`${path}: parse error on line ${line}: bare " in non-quoted-field`);
          field += text[i];
          i++;
        }
      }
      fields.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') {
        i++;
        line++;
      }
      break;
    }
    records.push({ fields, line: startLine });
  }
  return records;
}
