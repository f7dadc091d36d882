import { Injectable } from '@nestjs/common';
import { randomHex } from '@tessera/crypto';
import type { SqlWriter } from '@tessera/database';
import type { Grant } from './grant';

/** A new grant's id, chosen before its row is written so that its tokens can be signed outside the transaction. */
export const newGrantId = (): string => `grant_${randomHex(16)}`;

/** Stores grants (token.grants). Writes take the caller's transaction or write batch. */
@Injectable()
export class GrantRepository {
  async create(manager: SqlWriter, grant: Grant): Promise<void> {
    await manager.query(
      `INSERT INTO token.grants (id, client_id, user_id, scopes, organization_id, resources, consent_id, auth_time)
       VALUES ($1, $2, $3, $4, $5, $6, $7, to_timestamp($8))`,
      [
        grant.id,
        grant.clientId,
        grant.userId,
        grant.scopes,
        grant.organizationId,
        grant.resources,
        grant.consentId,
        grant.authTime,
      ],
    );
  }
}
