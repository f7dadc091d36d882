import { Controller, Get, Inject } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../../gateway.config';
import { JwksCache } from '../jwks/jwks-cache.service';
import { buildProviderMetadata } from './provider-metadata';

@Controller()
export class DiscoveryController {
  constructor(
    private readonly jwks: JwksCache,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** OpenID Connect Discovery 1.0 §4. */
  @Get('/.well-known/openid-configuration')
  openidConfiguration() {
    return this.metadata();
  }

  /** RFC 8414 §3: the same document for plain OAuth 2.0 clients. */
  @Get('/.well-known/oauth-authorization-server')
  authorizationServerMetadata() {
    return this.metadata();
  }

  private async metadata() {
    const signingAlgs = [...new Set((await this.jwks.keys()).map((key) => key.alg))];
    return buildProviderMetadata({
      issuer: this.config.ISSUER,
      signingAlgs,
      dynamicClientRegistration: this.config.DYNAMIC_CLIENT_REGISTRATION,
    });
  }
}
