import { isIP } from 'node:net';

const LOOPBACK_NAMES = new Set(['localhost', '[::1]']);

/** 127.0.0.0/8, ::1 and `localhost`: addresses that never leave the machine. */
function isLoopbackHost(hostname: string): boolean {
  if (LOOPBACK_NAMES.has(hostname)) return true;
  return isIP(hostname) === 4 && hostname.startsWith('127.');
}

/**
 * Why a webhook URL cannot be registered, or undefined when it can. Deliveries carry signed event data, so they
 * go over https; plain http is accepted only to a loopback host outside production (a receiver on the developer's
 * machine). Credentials in the URL are refused: they would be stored and shown in clear.
 */
export function webhookUrlProblem(raw: string, production: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url must be an absolute URL';
  }
  if (url.username || url.password) return 'url must not contain credentials';
  if (url.hash) return 'url must not contain a fragment';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && !production && isLoopbackHost(url.hostname)) return undefined;
  return production
    ? 'url must use https'
    : 'url must use https (http is accepted only for localhost and 127.0.0.1 outside production)';
}
