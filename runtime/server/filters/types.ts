// What the request filters read of a request before the server chain sees it.
import type { TLSSocket } from 'node:tls';
import type { HeaderValues } from '../../auth/index.js';
import type { RequestInfo } from '../request-info.js';

export interface FilterInput {
  readonly socket: TLSSocket;
  header(name: string): string | undefined;
  /** Every header value kept apart (node's headersDistinct): impersonation needs repeats. */
  readonly headersDistinct: HeaderValues;
  readonly info: RequestInfo;
}
