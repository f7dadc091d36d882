import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * What the gateway answers when Node's HTTP parser refuses a request before Fastify sees it: bytes a request line
 * or header may not hold, conflicting Content-Length / Transfer-Encoding (request smuggling), headers (or a
 * request line) over Node's 16 KiB limit, a request that never finishes arriving. Fastify's default answer has a
 * JSON shape of its own (`{"error":"Bad Request","message":"Client Error"}`); this one is the OAuth error every
 * other refusal uses, with the headers every other answer carries. No route is known yet, so no HTML page.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // The peer is gone, or the socket was already answered and closed: nothing to write. A refused request that
  // goes on arriving is refused again, chunk after chunk (Node's parser stays in its error): it has its answer
  // already and is being drained (below); destroying it here would reset the connection the drain keeps open.
  if (error.code === 'ECONNRESET' || socket.destroyed || socket.writableEnded) return;
  const [status, description] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'The request line or headers are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request did not arrive in time']
        : [400, 'The request is not well-formed HTTP'];
  if (!socket.writable) {
    socket.destroy(error);
    return;
  }
  socket.end(clientErrorResponse(status, description));
  // Closing a socket with unread input resets the connection, and a reset can discard the answer before the
  // client reads it (an overlong URL is still arriving when the limit is hit): read and drop the rest, for a
  // second at most.
  socket.resume();
  setTimeout(() => socket.destroy(), 1000).unref();
}

/** The raw HTTP/1.1 response (the connection is closed after it: its framing cannot be trusted). */
export function clientErrorResponse(status: number, description: string): string {
  const body = JSON.stringify({ error: 'invalid_request', error_description: description });
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}`,
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    'cache-control: no-store',
    'x-content-type-options: nosniff',
    'x-frame-options: DENY',
    "content-security-policy: frame-ancestors 'none'",
    'connection: close',
    '',
    body,
  ].join('\r\n');
}
