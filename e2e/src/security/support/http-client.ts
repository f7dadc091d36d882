import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { e2e } from '../../support/e2e-env';

/*
 * HTTP for hostile-input tests. `fetch` normalises what it sends (it re-encodes URLs, refuses some headers and
 * always sends one body encoding), so these tests use node:http, which sends a path and headers as given, and a
 * raw socket for what node:http refuses to send (bytes no request line or header may hold).
 */

/**
 * A loopback address of its own for a test file (any 127.0.0.0/8 address reaches the gateway): the gateway counts
 * sign-in failures and client registrations per source address, and a file that fails sign-ins on purpose must
 * neither trip those limits for, nor be tripped by, other files (or earlier runs) on the same stack.
 */
export function ownLoopbackAddress(): string {
  const octet = () => 1 + Math.floor(Math.random() * 254);
  return `127.${octet()}.${octet()}.${octet()}`;
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface HttpInput {
  method?: string;
  /** Path and query, sent as is (no re-encoding). */
  path: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  /**
   * The loopback address the request comes from (127.0.0.0/8 all reaches the gateway). Tests that make the
   * gateway count failures per source address use their own, so that they neither trip nor are tripped by the
   * sign-in throttle of other test files sharing the stack.
   */
  sourceAddress?: string;
  timeoutMs?: number;
}

export function send(input: HttpInput): Promise<Answer> {
  const issuer = new URL(e2e.issuer);
  const body = input.body === undefined ? undefined : Buffer.from(input.body);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: issuer.hostname,
        port: issuer.port,
        method: input.method ?? 'GET',
        path: input.path,
        headers: { ...(body ? { 'content-length': String(body.length) } : {}), ...input.headers },
        localAddress: input.sourceAddress,
        agent: false,
        timeout: input.timeoutMs ?? 15_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within the timeout: ${input.path}`)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

export interface RawAnswer extends Answer {
  /** Everything the gateway sent, as latin1 text. */
  raw: string;
}

/**
 * Writes `bytes` on a fresh connection and reads until the gateway closes it (the request should say
 * `Connection: close`) or `timeoutMs` passes. A connection closed with no answer at all has status 0.
 * An array is written part by part, PART_PAUSE_MS apart, so that each part reaches the gateway on its own.
 */
export function sendRaw(bytes: string | Buffer | ReadonlyArray<Buffer>, timeoutMs = 10_000): Promise<RawAnswer> {
  const issuer = new URL(e2e.issuer);
  return new Promise((resolve) => {
    const socket = connect({ host: issuer.hostname, port: Number(issuer.port) });
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(parseRawResponse(Buffer.concat(chunks).toString('latin1')));
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', finish);
    if (typeof bytes === 'string' || Buffer.isBuffer(bytes)) {
      socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
      return;
    }
    bytes.forEach((part, index) => {
      setTimeout(() => {
        if (!settled) socket.write(part);
      }, index * PART_PAUSE_MS);
    });
  });
}

const PART_PAUSE_MS = 100;

function parseRawResponse(raw: string): RawAnswer {
  const end = raw.indexOf('\r\n\r\n');
  if (!raw.startsWith('HTTP/1.1 ') || end < 0) return { status: 0, headers: {}, text: raw, raw };
  const [statusLine, ...headerLines] = raw.slice(0, end).split('\r\n');
  const headers: IncomingHttpHeaders = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'set-cookie') headers['set-cookie'] = [...(headers['set-cookie'] ?? []), value];
    else headers[name] = value;
  }
  const body = Buffer.from(raw.slice(end + 4), 'latin1').toString('utf8');
  return { status: Number(statusLine.split(' ')[1]), headers, text: body, raw };
}

/** A request as bytes on the wire, closing the connection after the answer. */
export function rawRequest(
  method: string,
  target: string,
  headers: ReadonlyArray<readonly [string, string]> = [],
  body: string | Buffer = '',
): Buffer {
  const bodyBytes = typeof body === 'string' ? Buffer.from(body, 'latin1') : body;
  const head = [
    `${method} ${target} HTTP/1.1`,
    `host: ${new URL(e2e.issuer).host}`,
    ...headers.map(([name, value]) => `${name}: ${value}`),
    'connection: close',
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), bodyBytes]);
}
