import { Controller, Get } from '@nestjs/common';
import { JwksCache } from './jwks-cache.service';

/** RFC 7517 §5: the public keys relying parties verify ID tokens and JWT access tokens with. */
@Controller()
export class JwksController {
  constructor(private readonly jwks: JwksCache) {}

  @Get('/.well-known/jwks.json')
  async jwksDocument() {
    return { keys: await this.jwks.keys() };
  }
}
