import { Controller, Delete, Get, Param } from '@nestjs/common';
import { AUTHORIZE_CONSENT_REVOKE, AUTHORIZE_CONSENTS_LIST } from '@tessera/contracts';
import { RpcClient } from '@tessera/nats';
import { AdminApi } from '../admin-api.decorator';
import { presentConsent } from './oauth-consent.presenter';

/**
 * A user's remembered OAuth consents. Deleting one forgets it and revokes every token minted under it, so the
 * application must ask again (and the user see the consent page again).
 */
@Controller('v1/users/:userId/oauth_consents')
@AdminApi()
export class OAuthConsentsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  async list(@Param('userId') userId: string) {
    const { consents } = await this.rpc.send(AUTHORIZE_CONSENTS_LIST, { userId });
    return { data: consents.map(presentConsent), total_count: consents.length };
  }

  @Delete(':clientId')
  async revoke(@Param('userId') userId: string, @Param('clientId') clientId: string) {
    const revoked = await this.rpc.send(AUTHORIZE_CONSENT_REVOKE, { userId, clientId });
    return { object: 'oauth_consent' as const, id: revoked.id, deleted: true as const };
  }
}
