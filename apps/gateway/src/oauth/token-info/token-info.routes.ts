import { InvalidClientError, USERINFO_TOKEN_INTROSPECT, type IntrospectionResponse } from '@tessera/contracts';
import type { RpcClient } from '@tessera/nats';
import type { FastifyInstance } from 'fastify';
import { readOAuthParams } from '../../http/oauth-params';
import type { ClientAuthenticator } from '../client-auth/client-authenticator.service';
import { requireFormBody } from '../token/form-body';
import { tokenInfoParamsSchema, toIntrospectionRequest } from './token-info-params';

export const TOKEN_INFO_ROUTE = '/oauth/token_info';

/**
 * Token introspection (RFC 7662) at Clerk's path, /oauth/token_info: a confidential client — typically a resource
 * server registered as an OAuth application — authenticates (401 `invalid_client` otherwise, with a Basic
 * challenge) and learns whether one of its own tokens is active and what it stands for.
 *
 * A Fastify route rather than a Nest controller (see hot-routes.ts): errors thrown here reach the gateway's
 * exception filter all the same.
 */
export function registerTokenInfoRoute(fastify: FastifyInstance, rpc: RpcClient, clients: ClientAuthenticator): void {
  fastify.post(TOKEN_INFO_ROUTE, async (request, reply): Promise<IntrospectionResponse> => {
    requireFormBody(request);
    const body = request.body as Record<string, unknown>;
    const params = readOAuthParams(body, tokenInfoParamsSchema);
    const client = await clients.authenticate(request, body);
    // RFC 7662 §2.1: the caller must be authenticated; a client_id alone proves nothing.
    if (client.public) throw new InvalidClientError('Token introspection requires client authentication with a secret');
    const answer = await rpc.send(USERINFO_TOKEN_INTROSPECT, toIntrospectionRequest(params, client.clientId));
    // RFC 7662 §2.2 describes a token: never cache it.
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    return answer;
  });
}
