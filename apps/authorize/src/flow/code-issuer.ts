import { Injectable } from '@nestjs/common';
import { TOKEN_CODE_MINT } from '@tessera/contracts';
import { RpcClient } from '@tessera/nats';
import type { CodeIssuedInteraction } from '../interactions/interaction';

/** Asks the token service for a code carrying the grant snapshot of a finished interaction. */
@Injectable()
export class CodeIssuer {
  constructor(private readonly rpc: RpcClient) {}

  async mint(interaction: CodeIssuedInteraction): Promise<string> {
    if (interaction.purpose.kind !== 'authorize') throw new Error('only an authorization request yields a code');
    const { request } = interaction.purpose;
    const { code } = await this.rpc.send(TOKEN_CODE_MINT, {
      clientId: request.clientId,
      userId: interaction.user.userId,
      redirectUri: request.redirectUri,
      scopes: interaction.consent.scopes,
      ...(request.codeChallenge !== undefined
        ? { codeChallenge: request.codeChallenge, codeChallengeMethod: request.codeChallengeMethod }
        : {}),
      ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
      authTime: interaction.user.authTime,
      ...(interaction.consent.organizationId !== undefined
        ? { organizationId: interaction.consent.organizationId }
        : {}),
      consentId: interaction.consent.consentId,
    });
    return code;
  }
}
