import { ADMIN_ACTOR, SYSTEM_ACTOR } from '@tessera/contracts';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EventActor, PublicJwk } from '@tessera/contracts';
import { EventPublisher, type Emit } from '@tessera/events';
import type { CryptoKey } from 'jose';
import { DataSource, type EntityManager } from 'typeorm';
import { TOKEN_CONFIG, type TokenConfig } from '../token.config';
import { generateSigningKey, importSigningKey, type SigningAlg } from './key-material';
import { SigningKeyEntity } from './signing-key.entity';

/** How long this replica trusts its cached view of the key table before reading it again. */
const KEY_CACHE_MS = 30_000;
const KEY_TABLE_LOCK = 7_301_001;

export interface ActiveSigningKey {
  kid: string;
  alg: SigningAlg;
  key: CryptoKey;
}

/**
 * Owns the signing keys: creates the first one at start, rotates on demand, publishes the JWKS (active key plus
 * retired keys until every token they signed has expired) and hands the active private key to token minting.
 *
 * The JWKS is read from the table on every call (the gateway caches it), so that right after a rotation on any
 * replica every replica publishes the new key. The active private key is cached for KEY_CACHE_MS: a replica that
 * has not yet noticed a rotation keeps signing with the previous key, which is still published.
 *
 * Every new active key — a rotation, the first key, a key of a newly configured SIGNING_ALG — is announced with
 * `signing_key.rotated` in the transaction that makes it active (the gateways drop their cached JWKS on it).
 */
@Injectable()
export class SigningKeyService implements OnModuleInit {
  private readonly encryptionKey: Buffer;
  /** Bumped by every rotation on this replica, so that caches of the public keys know to reload. */
  rotations = 0;
  private cache?: {
    loadedAt: number;
    active: Promise<ActiveSigningKey>;
  };

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventPublisher,
    @Inject(TOKEN_CONFIG) private readonly config: TokenConfig,
  ) {
    this.encryptionKey = Buffer.from(config.SIGNING_KEY_ENCRYPTION_KEY, 'base64');
  }

  async onModuleInit(): Promise<void> {
    await this.withKeyTableLock(async (manager, emit) => {
      const active = await manager.findOneBy(SigningKeyEntity, {
        status: 'active',
        alg: this.config.SIGNING_ALG,
      });
      if (!active) await this.replaceActiveKey(manager, emit, SYSTEM_ACTOR);
    });
  }

  /** The keys to publish at /.well-known/jwks.json, and to verify this service's own tokens with. */
  async publicJwks(): Promise<PublicJwk[]> {
    const rows = await this.dataSource.query<Array<{ publicJwk: PublicJwk }>>(
      `SELECT public_jwk AS "publicJwk" FROM token.signing_keys
        WHERE status = 'active' OR published_until > now()
        ORDER BY created_at DESC`,
    );
    return rows.map((row) => row.publicJwk);
  }

  /** The key new tokens are signed with (imported once, cached). */
  async activeKey(): Promise<ActiveSigningKey> {
    return (await this.load()).active;
  }

  /**
   * Makes a new active key; the previous one stays published until the tokens it signed expire. Its only caller
   * is the admin API (`token.keys.rotate.v1` from the gateway's POST /v1/jwks/rotate), hence the actor.
   */
  async rotate(): Promise<{ kid: string; alg: string; createdAt: Date }> {
    const created = await this.withKeyTableLock((manager, emit) => this.replaceActiveKey(manager, emit, ADMIN_ACTOR));
    this.cache = undefined;
    this.rotations += 1;
    return { kid: created.kid, alg: created.alg, createdAt: created.createdAt };
  }

  private async replaceActiveKey(manager: EntityManager, emit: Emit, actor: EventActor): Promise<SigningKeyEntity> {
    const longestTokenSeconds = Math.max(this.config.ACCESS_TOKEN_TTL_SECONDS, this.config.ID_TOKEN_TTL_SECONDS);
    await manager.query(
      `UPDATE token.signing_keys SET status = 'retired', published_until = now() + make_interval(secs => $1)
        WHERE status = 'active'`,
      [longestTokenSeconds],
    );
    const generated = await generateSigningKey(this.config.SIGNING_ALG, this.encryptionKey);
    const created = await manager.save(
      manager.create(SigningKeyEntity, {
        ...generated,
        status: 'active',
        publishedUntil: null,
      }),
    );
    await emit({
      type: 'signing_key.rotated',
      actor,
      aggregateId: created.kid,
      payload: { kid: created.kid, alg: created.alg },
    });
    return created;
  }

  private load() {
    if (this.cache && Date.now() - this.cache.loadedAt < KEY_CACHE_MS) return Promise.resolve(this.cache);
    return this.reload();
  }

  private async reload() {
    const [activeRow] = await this.dataSource.query<SigningKeyEntity[]>(
      `SELECT kid, alg, private_key_sealed AS "privateKeySealed" FROM token.signing_keys
        WHERE status = 'active' AND alg = $1`,
      [this.config.SIGNING_ALG],
    );
    if (!activeRow) throw new Error('No active signing key');
    const previous = this.cache;
    const active =
      previous && (await previous.active).kid === activeRow.kid
        ? previous.active
        : importSigningKey(activeRow, this.encryptionKey).then((key) => ({
            kid: activeRow.kid,
            alg: activeRow.alg as SigningAlg,
            key,
          }));
    this.cache = { loadedAt: Date.now(), active };
    return this.cache;
  }

  private withKeyTableLock<T>(work: (manager: EntityManager, emit: Emit) => Promise<T>): Promise<T> {
    return this.events.transaction(async (manager, emit) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [KEY_TABLE_LOCK]);
      return work(manager, emit);
    });
  }
}
