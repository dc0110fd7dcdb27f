// Requests node's HTTP/1.1 parser refuses before any handler runs (malformed header bytes,
// headers past the size limit, a client that stalls): answered with a Status body like every
// other refusal, never with the parser's error text.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

const MESSAGES: Record<number, string> = {
  400: 'the request could not be parsed',
  408: 'the request was not received in time',
  431: 'the request headers are too large',
};

export function answerClientError(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const code = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: MESSAGES[code],
    reason: code === 408 ? 'Timeout' : 'BadRequest',
    code,
  };
  const body = `${JSON.stringify(status)}\n`;
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${code} ${STATUS_CODES[code]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy();
}
