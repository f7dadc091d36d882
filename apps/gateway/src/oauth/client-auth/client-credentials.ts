import { InvalidClientError, InvalidRequestError, type ClientAuthMethod } from '@tessera/contracts';

/** The one set of credentials a request presented, with the method it used. */
export interface PresentedCredentials {
  method: ClientAuthMethod;
  clientId: string;
  clientSecret?: string;
}

/**
 * Finds the client credentials on a token-endpoint-style request (RFC 6749 §2.3.1): HTTP Basic
 * (`client_secret_basic`), `client_id` + `client_secret` in the form body (`client_secret_post`), or `client_id`
 * alone for a public client (`none`, RFC 6749 §2.3 and RFC 7591 §2). "The client MUST NOT use more than one
 * authentication method in each request": Basic plus a body secret is `invalid_request`. A body `client_id`
 * beside Basic is tolerated when it names the same client (§3.2.1 lets clients send it), refused otherwise.
 */
export function extractClientCredentials(
  authorization: string | undefined,
  body: Record<string, unknown>,
): PresentedCredentials {
  const bodyClientId = singleParam(body, 'client_id');
  const bodySecret = singleParam(body, 'client_secret');
  const basic = parseBasicAuthorization(authorization);

  if (basic) {
    if (bodySecret !== undefined) {
      throw new InvalidRequestError('The client must not use more than one authentication method', {
        param: 'client_secret',
      });
    }
    if (bodyClientId !== undefined && bodyClientId !== basic.clientId) {
      throw new InvalidRequestError('The "client_id" parameter does not match the Authorization header', {
        param: 'client_id',
      });
    }
    // Some public clients send Basic with an empty password; that is client_id alone (`none`).
    if (basic.clientSecret === '') return { method: 'none', clientId: basic.clientId };
    return { method: 'client_secret_basic', ...basic };
  }
  if (bodySecret !== undefined) {
    if (bodyClientId === undefined) {
      throw new InvalidRequestError('The "client_id" parameter is required with "client_secret"', {
        param: 'client_id',
      });
    }
    return { method: 'client_secret_post', clientId: bodyClientId, clientSecret: bodySecret };
  }
  if (bodyClientId !== undefined) return { method: 'none', clientId: bodyClientId };
  throw new InvalidClientError('Client authentication is required');
}

/**
 * RFC 6749 §2.3.1 and RFC 7617: `Basic base64(urlencode(id) ":" urlencode(secret))`. Both halves are
 * application/x-www-form-urlencoded, so '+' is a space and %XX an octet. Returns undefined when the header is
 * absent or uses another scheme; a malformed Basic header is a failed client authentication.
 */
export function parseBasicAuthorization(
  authorization: string | undefined,
): { clientId: string; clientSecret: string } | undefined {
  if (!authorization) return undefined;
  const match = /^Basic(?:\s+(.*))?$/is.exec(authorization.trim());
  if (!match) return undefined;
  const encoded = (match[1] ?? '').trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) throw malformedBasic();
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw malformedBasic();
  const clientId = formDecode(decoded.slice(0, colon));
  const clientSecret = formDecode(decoded.slice(colon + 1));
  if (!clientId) throw malformedBasic();
  return { clientId, clientSecret };
}

function formDecode(value: string): string {
  // Client ids and generated secrets are URL-safe: most requests have nothing to decode.
  if (!value.includes('%') && !value.includes('+')) return value;
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    throw malformedBasic();
  }
}

function malformedBasic(): InvalidClientError {
  return new InvalidClientError('The Basic credentials in the Authorization header are malformed');
}

/** A body parameter given at most once, as a non-empty string; empty counts as omitted (RFC 6749 §3.1). */
function singleParam(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === '') return undefined;
  if (Array.isArray(value)) {
    throw new InvalidRequestError(`The "${name}" parameter must not be repeated`, { param: name });
  }
  if (typeof value !== 'string') {
    throw new InvalidRequestError(`The "${name}" parameter must be a string`, { param: name });
  }
  return value;
}
