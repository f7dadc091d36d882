/**
 * The pages' Content-Security-Policy: nothing by default; our stylesheet; images from ourselves or any https
 * logo; no framing (clickjacking); forms may go to ourselves and, where a form's answer redirects to the
 * client (or posts to it), to the client's redirect origin. Chrome applies form-action to redirects that follow
 * a form submission, so a sign-in or consent page must name the client's origin too.
 */
export function pageCsp(options: { formTargets?: readonly string[]; scriptHashes?: readonly string[] } = {}): string {
  const formAction = ["'self'", ...new Set((options.formTargets ?? []).flatMap(cspSourceFor))].join(' ');
  return [
    "default-src 'none'",
    ...(options.scriptHashes?.length ? [`script-src ${options.scriptHashes.join(' ')}`] : []),
    "style-src 'self'",
    "img-src 'self' https: data:",
    `form-action ${formAction}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/**
 * The CSP source expression that allows a redirect URI: its origin for http(s), its scheme for an app's
 * private-use scheme (RFC 8252 §7.1). Anything that would not be a well-formed source is left out (and so
 * blocked), never passed through into the header.
 */
export function cspSourceFor(redirectUri: string): string[] {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return [];
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    return /^[a-z0-9.:[\]-]+$/i.test(url.host) ? [`${url.protocol}//${url.host}`] : [];
  }
  return /^[a-z][a-z0-9+.-]*:$/i.test(url.protocol) ? [url.protocol] : [];
}

/** Same-origin pages send a usable Origin on POST (and a Referer without a path elsewhere). */
export const PAGE_REFERRER_POLICY = 'strict-origin-when-cross-origin';
