import {
  InvalidRequestError,
  RequestNotSupportedError,
  RequestUriNotSupportedError,
  UnsupportedResponseTypeError,
  type AuthorizeParams,
  type ClientView,
} from '@tessera/contracts';
import { PROMPT_VALUES, type AuthorizeRequest, type Prompt, type ResponseMode } from './authorize-request';

/**
 * The checks of /oauth/authorize that run once the client and redirect_uri are known to be good (the client
 * registry checks those), one small function per rule. Each throws the typed OAuth error that is sent to the
 * client's redirect_uri.
 */

/**
 * Parameters (wire names) whose repetition leaves no trustworthy redirect target: the request is shown as an
 * error page instead of being redirected.
 */
export const REDIRECT_DEFINING_PARAMS: readonly string[] = ['client_id', 'redirect_uri'];

/** OAuth 2.0 Multiple Response Type Encoding Practices §2.1 and OAuth 2.0 Form Post Response Mode. */
export function resolveResponseMode(value: string | undefined): { mode: ResponseMode; valid: boolean } {
  if (value === undefined || value === 'query') return { mode: 'query', valid: true };
  if (value === 'form_post') return { mode: 'form_post', valid: true };
  // An unknown response_mode: the error itself goes back the default way for response_type=code.
  return { mode: 'query', valid: false };
}

export function checkResponseMode(value: string | undefined): void {
  if (!resolveResponseMode(value).valid) {
    throw new InvalidRequestError('The "response_mode" parameter must be "query" or "form_post"', {
      param: 'response_mode',
    });
  }
}

/**
 * RFC 6749 §3.1: "Request and response parameters MUST NOT be included more than once." `repeated` holds wire
 * names, as the gateway saw them.
 */
export function checkNotRepeated(repeated: readonly string[]): void {
  const first = repeated[0];
  if (first !== undefined) {
    throw new InvalidRequestError(`The "${first}" parameter must not be repeated`, { param: first });
  }
}

/** OpenID Connect Core §6: Tessera supports neither request objects nor request_uri. */
export function checkNoRequestObject(params: AuthorizeParams): void {
  if (params.request !== undefined) {
    throw new RequestNotSupportedError('The "request" parameter is not supported');
  }
  if (params.requestUri !== undefined) {
    throw new RequestUriNotSupportedError('The "request_uri" parameter is not supported');
  }
}

/** RFC 6749 §4.1.1 and §4.1.2.1: only the authorization code flow. */
export function checkResponseType(value: string | undefined): void {
  if (value === undefined) {
    throw new InvalidRequestError('The "response_type" parameter is required', { param: 'response_type' });
  }
  if (value !== 'code') {
    throw new UnsupportedResponseTypeError('The only supported response_type is "code"', { param: 'response_type' });
  }
}

/** A S256 code challenge is BASE64URL(SHA-256(verifier)) without padding: 43 characters (RFC 7636 §4.2). */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/**
 * RFC 7636 §4.3 and §4.4.1. Only S256: a challenge without a method means `plain` (§4.3), which is refused, as
 * is naming `plain` outright. Public clients and clients with pkce_required must send one.
 */
export function checkPkce(
  params: Pick<AuthorizeParams, 'codeChallenge' | 'codeChallengeMethod'>,
  client: Pick<ClientView, 'public' | 'pkceRequired'>,
): Pick<AuthorizeRequest, 'codeChallenge' | 'codeChallengeMethod'> {
  const { codeChallenge, codeChallengeMethod } = params;
  if (codeChallenge === undefined) {
    if (codeChallengeMethod !== undefined) {
      throw new InvalidRequestError('The "code_challenge" parameter is required with "code_challenge_method"', {
        param: 'code_challenge',
      });
    }
    if (client.public || client.pkceRequired) {
      throw new InvalidRequestError('This client must use PKCE: the "code_challenge" parameter is required', {
        param: 'code_challenge',
      });
    }
    return {};
  }
  if (codeChallengeMethod !== 'S256') {
    throw new InvalidRequestError('The "code_challenge_method" parameter must be "S256" ("plain" is not supported)', {
      param: 'code_challenge_method',
    });
  }
  if (!S256_CHALLENGE.test(codeChallenge)) {
    throw new InvalidRequestError('The "code_challenge" parameter must be 43 base64url characters', {
      param: 'code_challenge',
    });
  }
  return { codeChallenge, codeChallengeMethod };
}

/** OpenID Connect Core §3.1.2.1: space-delimited values; `none` must stand alone. */
export function checkPrompt(value: string | undefined): Prompt[] {
  if (value === undefined) return [];
  const values = [...new Set(value.split(' ').filter((part) => part !== ''))];
  for (const prompt of values) {
    if (!(PROMPT_VALUES as readonly string[]).includes(prompt)) {
      throw new InvalidRequestError(`The prompt value "${prompt}" is not supported`, { param: 'prompt' });
    }
  }
  if (values.includes('none') && values.length > 1) {
    throw new InvalidRequestError('The prompt value "none" must not be combined with other values', {
      param: 'prompt',
    });
  }
  return values as Prompt[];
}

/** Ten years: a larger max_age means "any session", and bounding it keeps the arithmetic exact. */
const MAX_AGE_LIMIT = 315_360_000;

/** OpenID Connect Core §3.1.2.1: a non-negative number of seconds. */
export function checkMaxAge(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,12}$/.test(value)) {
    throw new InvalidRequestError('The "max_age" parameter must be a non-negative integer', { param: 'max_age' });
  }
  return Math.min(Number(value), MAX_AGE_LIMIT);
}

/** The ID token carries the nonce; the token service accepts up to 512 characters. */
export function checkNonce(value: string | undefined): string | undefined {
  if (value !== undefined && value.length > 512) {
    throw new InvalidRequestError('The "nonce" parameter must be at most 512 characters', { param: 'nonce' });
  }
  return value;
}

/** A hint only: one that could not be an identifier is dropped rather than refused. */
export function readLoginHint(value: string | undefined): string | undefined {
  return value !== undefined && value.length <= 320 ? value : undefined;
}

/** Runs every check, in order, and assembles the validated request. */
export function validateAuthorizeRequest(input: {
  params: AuthorizeParams;
  repeated: readonly string[];
  client: Pick<ClientView, 'clientId' | 'public' | 'pkceRequired'>;
  redirectUri: string;
  scopes: string[];
}): AuthorizeRequest {
  const { params, client } = input;
  checkResponseMode(params.responseMode);
  checkNotRepeated(input.repeated);
  checkNoRequestObject(params);
  checkResponseType(params.responseType);
  const pkce = checkPkce(params, client);
  const prompt = checkPrompt(params.prompt);
  const maxAge = checkMaxAge(params.maxAge);
  const nonce = checkNonce(params.nonce);
  return {
    clientId: client.clientId,
    redirectUri: input.redirectUri,
    responseMode: resolveResponseMode(params.responseMode).mode,
    scopes: input.scopes,
    ...(params.state !== undefined ? { state: params.state } : {}),
    ...(nonce !== undefined ? { nonce } : {}),
    ...pkce,
    prompt,
    ...(maxAge !== undefined ? { maxAge } : {}),
    ...(readLoginHint(params.loginHint) !== undefined ? { loginHint: params.loginHint } : {}),
    ...(params.idTokenHint !== undefined ? { idTokenHint: params.idTokenHint } : {}),
  };
}
