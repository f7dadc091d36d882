import type { RequestOf } from '@tessera/contracts';
import { z } from 'zod';

/**
 * RFC 7662 §2.1 `token` and `token_type_hint` (a hint only: any value is accepted, Tessera's token formats
 * describe themselves), and Clerk's `scope`: scopes the token must all have to be reported active.
 */
export const tokenInfoParamsSchema = z
  .object({
    token: z.string().max(8192),
    token_type_hint: z.string().max(64).optional(),
    scope: z.string().max(2048).optional(),
  })
  .passthrough();
export type TokenInfoParams = z.output<typeof tokenInfoParamsSchema>;

export function toIntrospectionRequest(
  params: TokenInfoParams,
  callerClientId: string,
): RequestOf<'userinfo.token.introspect.v1'> {
  // RFC 6749 §3.3: space-delimited scope tokens.
  const scopes = params.scope?.split(' ').filter(Boolean);
  return {
    token: params.token,
    callerClientId,
    ...(params.token_type_hint !== undefined ? { tokenTypeHint: params.token_type_hint } : {}),
    ...(scopes?.length ? { scopes } : {}),
  };
}
