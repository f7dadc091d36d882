import type { AuthorizeRequest } from '../authorize-request/authorize-request';
import type { BrowserSession } from './session.store';

/**
 * Must the user sign in (again) before this request can go on? Yes without a session; with prompt=login; when
 * the session's authentication is older than max_age (max_age=0 therefore always asks, like prompt=login,
 * OpenID Connect Core §3.1.2.1); and when id_token_hint names someone other than the session's user.
 */
export function signInNeeded(
  request: Pick<AuthorizeRequest, 'prompt' | 'maxAge'>,
  session: Pick<BrowserSession, 'userId' | 'authTime'> | undefined,
  hintedSubject: string | undefined,
  now: number,
): boolean {
  if (!session) return true;
  if (request.prompt.includes('login')) return true;
  if (request.maxAge !== undefined && now - session.authTime >= request.maxAge) return true;
  return hintedSubject !== undefined && hintedSubject !== session.userId;
}
