import { USERINFO_USERINFO_GET, type UserInfo } from '@tessera/contracts';
import type { RpcClient } from '@tessera/nats';
import type { FastifyInstance } from 'fastify';
import { readBearerToken } from './bearer-token';
import { allowPreflight, USERINFO_ROUTE } from './userinfo-cors';

/**
 * The UserInfo endpoint (OpenID Connect Core §5.3, Clerk's `oauth_user_info`), GET or POST (§5.3.1), the token
 * read per RFC 6750 §2. Errors follow RFC 6750 §3: no token → 401 with a bare `Bearer realm` challenge; a bad,
 * expired or revoked token → 401 `invalid_token`; a token without a scope userinfo serves → 403
 * `insufficient_scope`; a malformed request → 400 `invalid_request`. Answers are never cached (the gateway's
 * default `Cache-Control: no-store`). CORS: see userinfo-cors.ts.
 *
 * Fastify routes rather than a Nest controller, as token_info (see hot-routes.ts): errors thrown here reach the
 * gateway's exception filter all the same.
 */
export function registerUserinfoRoutes(fastify: FastifyInstance, rpc: RpcClient): void {
  fastify.get(USERINFO_ROUTE, async (request): Promise<UserInfo> =>
    rpc.send(USERINFO_USERINFO_GET, { accessToken: readBearerToken(request) }),
  );
  fastify.post(USERINFO_ROUTE, async (request): Promise<UserInfo> =>
    rpc.send(USERINFO_USERINFO_GET, { accessToken: readBearerToken(request, request.body) }),
  );
  fastify.options(USERINFO_ROUTE, (_request, reply) => {
    allowPreflight(reply);
    return reply.code(204).send();
  });
}
