import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { AccessDeniedError, InvalidRequestError, REGISTRY_CLIENT_REGISTER } from '@tessera/contracts';
import { RpcClient } from '@tessera/nats';
import type { FastifyRequest } from 'fastify';
import { GATEWAY_CONFIG, type GatewayConfig } from '../../gateway.config';
import { readRegistrationMetadata } from './registration-request';
import { presentRegisteredClient } from './registration-response';

/**
 * Dynamic Client Registration (RFC 7591), open and unauthenticated when DYNAMIC_CLIENT_REGISTRATION is on; the
 * registry limits registrations per source address. Off (the default), it answers 403 `access_denied`.
 */
@Controller('oauth/register')
export class RegisterController {
  constructor(
    private readonly rpc: RpcClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Post()
  @HttpCode(201)
  async register(@Req() request: FastifyRequest, @Body() body: unknown) {
    if (!this.config.DYNAMIC_CLIENT_REGISTRATION) {
      throw new AccessDeniedError('Dynamic client registration is not enabled on this server');
    }
    // RFC 7591 §3.1: the metadata is sent as a JSON document.
    if (!/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
      throw new InvalidRequestError('The registration request must be sent as application/json');
    }
    const metadata = readRegistrationMetadata(body);
    const registered = await this.rpc.send(REGISTRY_CLIENT_REGISTER, { ...metadata, sourceAddress: request.ip });
    return presentRegisteredClient(registered);
  }
}
