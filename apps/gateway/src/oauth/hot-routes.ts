import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RpcClient } from '@tessera/nats';
import { ClientAuthenticator } from './client-auth/client-authenticator.service';
import { registerTokenInfoRoute } from './token-info/token-info.routes';
import { registerUserinfoRoutes } from './userinfo/userinfo.routes';

/**
 * The endpoints on every API call of every client, /oauth/userinfo and /oauth/token_info, as plain Fastify routes
 * rather than Nest controllers. Nest's router pipeline (parameter decorators, pipes, the result's transformation
 * and its extra promise turns) cost about 14 µs a request in a side-by-side measurement, some 8 % of the gateway's
 * work on these routes, where the gateway is the busiest process. What the controllers had from Nest they still
 * have: the gateway's Fastify hooks run for every route, and an error thrown in a handler goes through Fastify's
 * error handler, which Nest points at the same global exception filter.
 */
export function registerHotRoutes(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const rpc = app.get(RpcClient);
  registerUserinfoRoutes(fastify, rpc);
  registerTokenInfoRoute(fastify, rpc, app.get(ClientAuthenticator));
}
