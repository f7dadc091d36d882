import { createHash } from 'node:crypto';
import type { ThrowawayStack } from './throwaway-stack';

/**
 * Queries for what a crash in the middle of a write could leave behind, across the services' schemas (which no
 * service may join, but a test may). Each answers the offending rows; all must be empty. The schemas have no
 * foreign keys between them on purpose, so these are the "foreign keys" a test checks after the fact.
 */
const HALF_WRITTEN: Record<string, string> = {
  'users without an email address': `
    SELECT u.id FROM accounts.users u
     WHERE NOT EXISTS (SELECT 1 FROM accounts.email_addresses e WHERE e.user_id = u.id)`,
  'users whose primary address is missing or not theirs': `
    SELECT u.id FROM accounts.users u
     LEFT JOIN accounts.email_addresses e ON e.id = u.primary_email_address_id
     WHERE e.id IS NULL OR e.user_id <> u.id`,
  'applications without redirect URIs or scopes, or confidential without a secret': `
    SELECT id FROM registry.oauth_applications
     WHERE cardinality(redirect_uris) = 0 OR cardinality(scopes) = 0 OR (NOT public AND secret_hash IS NULL)`,
  'consents of unknown users or applications, or without scopes': `
    SELECT c.id FROM authorize.consents c
     WHERE cardinality(c.scopes) = 0
        OR NOT EXISTS (SELECT 1 FROM accounts.users u WHERE u.id = c.user_id)
        OR NOT EXISTS (SELECT 1 FROM registry.oauth_applications a WHERE a.client_id = c.client_id)`,
  'grants of unknown users, applications or consents': `
    SELECT g.id FROM token.grants g
     WHERE NOT EXISTS (SELECT 1 FROM accounts.users u WHERE u.id = g.user_id)
        OR NOT EXISTS (SELECT 1 FROM registry.oauth_applications a WHERE a.client_id = g.client_id)
        OR (g.consent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM authorize.consents c WHERE c.id = g.consent_id))`,
  // Every application here is confidential, so every grant is issued a refresh token with its access token.
  'grants without a refresh token': `
    SELECT g.id FROM token.grants g
     WHERE NOT EXISTS (SELECT 1 FROM token.refresh_tokens r WHERE r.grant_id = g.id)`,
  'live grants without exactly one current refresh token': `
    SELECT g.id FROM token.grants g
     WHERE g.revoked_at IS NULL
       AND (SELECT count(*) FROM token.refresh_tokens r WHERE r.grant_id = g.id AND r.used_at IS NULL) <> 1`,
  'used refresh tokens without a successor in their family': `
    SELECT r.token_hash FROM token.refresh_tokens r
     WHERE r.used_at IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM token.refresh_tokens s WHERE s.token_hash = r.replaced_by AND s.grant_id = r.grant_id)`,
  'revoked grants without a reason': `
    SELECT id FROM token.grants WHERE (revoked_at IS NULL) <> (revoked_reason IS NULL)`,
};

export async function halfWrittenRecords(stack: ThrowawayStack): Promise<Record<string, unknown[]>> {
  const entries = await Promise.all(
    Object.entries(HALF_WRITTEN).map(async ([name, query]) => [name, await stack.sql(query)] as const),
  );
  return Object.fromEntries(entries);
}

/** Refresh tokens a client received that the database does not know: tokens of a lost grant or rotation. */
export async function unknownRefreshTokens(stack: ThrowawayStack, refreshTokens: string[]): Promise<string[]> {
  const hashes = refreshTokens.map((token) => createHash('sha256').update(token).digest('base64url'));
  const known = await stack.sql<{ token_hash: string }>(
    'SELECT token_hash FROM token.refresh_tokens WHERE token_hash = ANY($1)',
    [hashes],
  );
  const knownHashes = new Set(known.map((row) => row.token_hash));
  return hashes.filter((hash) => !knownHashes.has(hash));
}

/** Events committed but not yet relayed to JetStream, per schema. */
export async function outboxBacklog(stack: ThrowawayStack): Promise<Record<string, number>> {
  const schemas = ['accounts', 'registry', 'authorize', 'token'];
  const counts = await Promise.all(
    schemas.map(
      async (schema) =>
        [schema, Number((await stack.sql(`SELECT count(*) AS n FROM "${schema}".outbox`))[0].n)] as const,
    ),
  );
  return Object.fromEntries(counts);
}
