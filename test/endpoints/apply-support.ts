// What the server-side apply endpoint tests share: an admin HTTPS client that can send any
// Content-Type and User-Agent, and readers for managedFields entries.

export { adminClient, type Call, type Reply } from '../support/admin-client.js';

export const APPLY = { 'content-type': 'application/apply-patch+yaml' };
export const MERGE = { 'content-type': 'application/merge-patch+json' };

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
