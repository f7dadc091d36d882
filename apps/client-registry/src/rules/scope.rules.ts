import { isSupportedScope } from '@tessera/contracts';

/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

export type ScopeParse = { scopes: string[] } | { problem: string };

/**
 * Parses a space-delimited scope string (RFC 6749 §3.3) into distinct tokens in their original order. Runs of
 * spaces and surrounding spaces are tolerated; any other separator or a character outside the scope-token
 * grammar is a problem.
 */
export function parseScope(value: string): ScopeParse {
  const scopes: string[] = [];
  for (const token of value.split(' ')) {
    if (token === '') continue;
    if (!SCOPE_TOKEN.test(token)) return { problem: `"${printable(token)}" is not a valid scope` };
    if (!scopes.includes(token)) scopes.push(token);
  }
  return { scopes };
}

/** The scopes Tessera does not know, in order (a client may only hold SUPPORTED_SCOPES). */
export function unknownScopes(scopes: readonly string[]): string[] {
  return scopes.filter((scope) => !isSupportedScope(scope));
}

/** Parses a scope string a client is to hold: well-formed and every scope known. */
export function parseClientScopes(value: string): ScopeParse {
  const parsed = parseScope(value);
  if ('problem' in parsed) return parsed;
  const unknown = unknownScopes(parsed.scopes);
  if (unknown.length) {
    return { problem: `unknown scope${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}` };
  }
  return parsed;
}

function printable(token: string): string {
  const shown = token.length > 64 ? `${token.slice(0, 64)}…` : token;
  return shown.replace(/[\u0000-\u001f\u007f"\\]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
