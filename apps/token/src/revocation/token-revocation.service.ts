import { clientActor } from '@tessera/contracts';
import { Injectable } from '@nestjs/common';
import { GrantRevoker } from '../grants/grant-revoker.service';
import { TokenResolver } from '../inspection/token-resolver.service';

/**
 * RFC 7009 §2.1: a client revokes one of its tokens, and with it the whole grant (its access and refresh tokens,
 * whichever kind was presented). Unknown, expired and other clients' tokens change nothing; the endpoint
 * answers 200 for them all, so it tells a caller nothing about tokens that are not its own.
 */
@Injectable()
export class TokenRevocationService {
  constructor(
    private readonly resolver: TokenResolver,
    private readonly revoker: GrantRevoker,
  ) {}

  async revoke(clientId: string, token: string): Promise<boolean> {
    const resolved = await this.resolver.resolve(token);
    if (!resolved || resolved.clientId !== clientId) return false;
    await this.revoker.revoke({ id: resolved.grantId }, { reason: 'revoked_by_client', actor: clientActor(clientId) });
    return true;
  }
}
