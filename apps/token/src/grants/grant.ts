/** One authorization grant: what a redeemed code created, and what every token issued from it refers to. */
export interface Grant {
  id: string;
  clientId: string;
  userId: string;
  scopes: string[];
  organizationId: string | null;
  /** RFC 8707 resources granted at authorize; the access tokens' audience. */
  resources: string[];
  consentId: string | null;
  /** Unix seconds of the user's authentication (the ID token's auth_time). */
  authTime: number;
}

/** Why a grant was revoked; kept on the row for operators and sent in `oauth_token.revoked` events. */
export type RevocationReason =
  | 'revoked_by_client'
  | 'code_replay'
  | 'refresh_token_reuse'
  | 'consent_revoked'
  | 'user_deleted'
  | 'application_deleted';

/** Columns of token.grants as a Grant (the SELECT list every query of grants uses). */
export const GRANT_COLUMNS = `g.id, g.client_id AS "clientId", g.user_id AS "userId", g.scopes,
  g.organization_id AS "organizationId", g.resources, g.consent_id AS "consentId",
  floor(extract(epoch FROM g.auth_time))::float8 AS "authTime"`;
