// The one HTTP client both systems are driven with: undici's connection pool (one keep-alive connection per
// concurrent worker, no pipelining), no redirects followed, the body read as text. Its lowest-level call
// (`dispatch`) is used so that the client's own cost per request stays small and identical for Tessera and the
// baseline: the load generator shares the machine's cores with the system under test, and node:http's client
// cost twice as much CPU per request (0.042 against 0.021 ms against a bare server on this machine).
import { Pool } from 'undici';

/** An answer that a workload did not expect; its message is what the report shows. */
export class UnexpectedResponse extends Error {
  constructor(step, response) {
    const excerpt = (response.text ?? '').replace(/\s+/g, ' ').slice(0, 160);
    super(`${step}: HTTP ${response.status}${excerpt ? ` ${excerpt}` : ''}`);
    this.status = response.status;
  }
}

/**
 * A client for one origin. `sockets` caps the open connections (the load generator's concurrency), so a run at
 * concurrency 32 uses exactly 32 keep-alive connections. A response is `{ status, headers, text }`, the header
 * names in lower case and a repeated header (Set-Cookie) as an array.
 */
export function createHttpClient(origin, { sockets = 32 } = {}) {
  const url = new URL(origin);
  const pool = new Pool(url.origin, { connections: sockets, pipelining: 1 });

  function request({ method = 'GET', path, headers = {}, body }) {
    return new Promise((resolve, reject) => {
      let status;
      let responseHeaders;
      const chunks = [];
      pool.dispatch(
        { method, path, headers, body },
        {
          onRequestStart() {},
          onResponseStart(_controller, statusCode, parsedHeaders) {
            status = statusCode;
            responseHeaders = parsedHeaders;
          },
          onResponseData(_controller, chunk) {
            chunks.push(chunk);
          },
          onResponseEnd() {
            const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
            resolve({ status, headers: responseHeaders, text });
          },
          onResponseError(_controller, error) {
            reject(error);
          },
        },
      );
    });
  }

  return { origin: url.origin, request, close: () => pool.destroy() };
}

/** application/x-www-form-urlencoded, as RFC 6749 §4.1.3 wants it. */
export function formBody(fields) {
  return new URLSearchParams(fields).toString();
}

/** RFC 6749 §2.3.1: client_secret_basic form-encodes the id and secret before base64. */
export function basicAuthorization(clientId, clientSecret) {
  const encode = (value) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}

export const FORM = 'application/x-www-form-urlencoded';

/**
 * Just enough of a browser's cookie store to walk through sign-in and consent pages once: name, value and path;
 * a cookie set with Max-Age=0 or an expiry in the past is forgotten.
 */
export class CookieJar {
  #cookies = new Map();

  store(setCookie) {
    for (const line of [setCookie ?? []].flat()) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = '/';
      let expired = value === '';
      for (const attribute of attributes) {
        const [key, attributeValue = ''] = attribute.split('=');
        const lower = key.toLowerCase();
        if (lower === 'path') path = attributeValue || '/';
        if (lower === 'max-age' && Number(attributeValue) <= 0) expired = true;
        if (lower === 'expires' && Date.parse(attributeValue) < Date.now()) expired = true;
      }
      const key = `${name};${path}`;
      if (expired) this.#cookies.delete(key);
      else this.#cookies.set(key, { name, value, path });
    }
  }

  /** The Cookie header for a request path. */
  header(requestPath) {
    const pathOnly = requestPath.split('?')[0];
    return [...this.#cookies.values()]
      .filter((cookie) => pathOnly === cookie.path || pathOnly.startsWith(cookie.path.replace(/\/?$/, '/')))
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }

  get(name) {
    return [...this.#cookies.values()].find((cookie) => cookie.name === name)?.value;
  }
}
