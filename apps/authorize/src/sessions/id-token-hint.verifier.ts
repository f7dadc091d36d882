import { Inject, Injectable } from '@nestjs/common';
import { InvalidRequestError, TOKEN_JWKS_GET } from '@tessera/contracts';
import { RpcClient } from '@tessera/nats';
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { AUTHORIZE_CONFIG, type AuthorizeConfig } from '../authorize.config';

/**
 * Reads the subject of an id_token_hint. OpenID Connect Core §3.1.2.1: the hint is an ID token this issuer
 * issued to this client, and "the ID Token … need not be unexpired", so the signature (against the token
 * service's JWKS), `iss` and `aud` are checked but `exp` is not.
 */
@Injectable()
export class IdTokenHintVerifier {
  constructor(
    private readonly rpc: RpcClient,
    @Inject(AUTHORIZE_CONFIG) private readonly config: AuthorizeConfig,
  ) {}

  async subjectOf(idTokenHint: string, clientId: string): Promise<string> {
    const { keys } = await this.rpc.send(TOKEN_JWKS_GET, {});
    const jwks = createLocalJWKSet({ keys } as JSONWebKeySet);
    let payload: Uint8Array;
    try {
      ({ payload } = await compactVerify(idTokenHint, jwks));
    } catch (error) {
      throw invalidHint(error instanceof Error ? error.message : 'unverifiable');
    }
    const claims = parseClaims(payload);
    if (claims.iss !== this.config.ISSUER) throw invalidHint('issued by another issuer');
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes(clientId)) throw invalidHint('issued to another client');
    if (typeof claims.sub !== 'string' || claims.sub === '') throw invalidHint('no subject');
    return claims.sub;
  }
}

function parseClaims(payload: Uint8Array): Record<string, unknown> {
  try {
    const claims: unknown = JSON.parse(new TextDecoder().decode(payload));
    if (typeof claims === 'object' && claims !== null && !Array.isArray(claims)) {
      return claims as Record<string, unknown>;
    }
  } catch {
    // fall through
  }
  throw invalidHint('payload is not a JSON object');
}

const invalidHint = (reason: string) =>
  new InvalidRequestError('The "id_token_hint" parameter is not a valid ID token issued to this client', {
    param: 'id_token_hint',
    detail: { reason },
  });
