import { InvalidGrantError, InvalidRequestError, type ExchangeClient } from '@tessera/contracts';
import { constantTimeEqual, sha256 } from '@tessera/crypto';
import type { CodeSnapshot } from '../codes/code.store';

/** RFC 7636 §4.1: 43 to 128 characters of the unreserved set. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/**
 * PKCE at the token endpoint (RFC 7636 §4.6, S256 only). A code that was issued with a challenge needs the
 * matching verifier; a verifier sent for a code issued without one is refused, so an attacker who strips the
 * challenge from the authorization request cannot pass (RFC 9700 §4.8.2, PKCE downgrade); and public clients and
 * clients with pkce_required never redeem a code without PKCE.
 */
export function checkPkce(
  code: Pick<CodeSnapshot, 'codeChallenge'>,
  verifier: string | undefined,
  client: Pick<ExchangeClient, 'public' | 'pkceRequired'>,
): void {
  if (code.codeChallenge === undefined) {
    if (verifier !== undefined) {
      throw new InvalidGrantError('A "code_verifier" was sent, but the authorization request had no code_challenge');
    }
    if (client.public || client.pkceRequired) {
      throw new InvalidGrantError('This client must use PKCE, but the authorization request had no code_challenge');
    }
    return;
  }
  if (verifier === undefined) {
    throw new InvalidGrantError('The "code_verifier" parameter is required: the authorization request used PKCE');
  }
  if (!VERIFIER.test(verifier)) {
    throw new InvalidRequestError('The "code_verifier" parameter must be 43 to 128 unreserved characters', {
      param: 'code_verifier',
    });
  }
  // S256: BASE64URL(SHA256(ASCII(code_verifier))) == code_challenge (RFC 7636 §4.6).
  if (!constantTimeEqual(sha256(verifier), code.codeChallenge)) {
    throw new InvalidGrantError('PKCE verification failed: the code_verifier does not match the code_challenge');
  }
}

/**
 * The code_challenge a code must have been issued with for `checkPkce` to pass with this verifier and client:
 * `''` for none, and a value no challenge has (`'!'`, outside base64url) when no code passes. What CodeStore's
 * `takeIfMatches` compares, so that a redemption that would fail the check leaves the code unconsumed.
 */
export function expectedChallenge(
  verifier: string | undefined,
  client: Pick<ExchangeClient, 'public' | 'pkceRequired'>,
): string {
  if (verifier === undefined) return client.public || client.pkceRequired ? NO_CODE_PASSES : '';
  return VERIFIER.test(verifier) ? sha256(verifier) : NO_CODE_PASSES;
}

const NO_CODE_PASSES = '!';
