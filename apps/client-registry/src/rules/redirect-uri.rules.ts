/**
 * Redirect URI rules: what may be registered, and how a requested redirect_uri matches a registered one.
 * Pure functions, shared by the admin API, Dynamic Client Registration and the authorize-time check.
 */

/** Hosts for which plain http is allowed: the loopback interface never leaves the machine (RFC 8252 §8.3). */
const HTTP_LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * Loopback IP literals whose port is ignored when matching (RFC 8252 §7.3: native apps listen on an ephemeral
 * port chosen at run time). `localhost` is not among them: RFC 8252 §8.3 advises against it, so it matches exactly.
 */
const ANY_PORT_LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]']);

/** Schemes a browser would run or read locally instead of handing to an app: never redirect targets. */
const FORBIDDEN_SCHEMES = new Set(['javascript', 'data', 'vbscript', 'file', 'blob', 'about']);

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
/** `scheme://authority rest`, for http(s) and loopback matching on the raw string (no URL normalisation). */
const HIERARCHICAL = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/s;

/**
 * Why `uri` may not be registered as a redirect URI, or undefined when it may. Allowed: absolute URIs without a
 * fragment (RFC 6749 §3.1.2) that are https, http on a loopback host (RFC 8252 §7.3), or a private-use scheme
 * for native apps (RFC 8252 §7.1, e.g. `com.example.app:/callback`).
 */
export function redirectUriProblem(uri: string): string | undefined {
  if (uri.length === 0) return 'it is empty';
  if (/[\s\u0000-\u001f\u007f]/.test(uri)) return 'it contains whitespace or control characters';
  const scheme = SCHEME.exec(uri)?.[1]?.toLowerCase();
  if (!scheme) return 'it is not an absolute URI';
  if (uri.includes('#')) return 'it must not contain a fragment';
  if (FORBIDDEN_SCHEMES.has(scheme)) return `the "${scheme}" scheme is not allowed`;
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return 'it is not a valid URI';
  }
  if (scheme !== 'http' && scheme !== 'https') return undefined;

  const parts = HIERARCHICAL.exec(uri);
  if (parts?.[2].includes('@')) return 'it must not contain user credentials';
  const host = parts ? hostOf(parts[2]) : '';
  if (!host || !parsed.hostname) return 'it has no host';
  if (scheme === 'http' && !HTTP_LOOPBACK_HOSTS.has(host.toLowerCase())) {
    return 'http is only allowed for loopback hosts (127.0.0.1, [::1], localhost); use https';
  }
  return undefined;
}

/**
 * Whether a requested redirect_uri matches a registered one: exact string comparison (RFC 6749 §3.1.2.3,
 * no normalisation), except that for a loopback IP literal the port may differ (RFC 8252 §7.3).
 */
export function redirectUriMatches(registered: string, requested: string): boolean {
  if (registered === requested) return true;
  const a = loopbackParts(registered);
  const b = loopbackParts(requested);
  return a !== undefined && b !== undefined && a.scheme === b.scheme && a.host === b.host && a.rest === b.rest;
}

/** The registered redirect URI `requested` matches, if any. */
export function findMatchingRedirectUri(registered: readonly string[], requested: string): string | undefined {
  return registered.find((candidate) => redirectUriMatches(candidate, requested));
}

/** Scheme, host and everything after the authority of an http(s) loopback-IP URI; undefined for any other URI. */
function loopbackParts(uri: string): { scheme: string; host: string; rest: string } | undefined {
  const parts = HIERARCHICAL.exec(uri);
  if (!parts) return undefined;
  const [, scheme, authority, rest] = parts;
  if (scheme !== 'http' && scheme !== 'https') return undefined;
  const host = hostOf(authority);
  if (!ANY_PORT_LOOPBACK_HOSTS.has(host)) return undefined;
  const port = authority.slice(host.length);
  if (port !== '' && !/^:\d{1,5}$/.test(port)) return undefined;
  return { scheme, host, rest };
}

/** The host of a raw authority (no credentials): `[v6]` or everything before the port. */
function hostOf(authority: string): string {
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    return end < 0 ? authority : authority.slice(0, end + 1);
  }
  const colon = authority.indexOf(':');
  return colon < 0 ? authority : authority.slice(0, colon);
}
