import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type SigningKeyStatus = 'active' | 'retired';

/** A signing key pair. The private key is sealed with AES-256-GCM (see SIGNING_KEY_ENCRYPTION_KEY). */
@Entity({ name: 'signing_keys' })
export class SigningKeyEntity {
  /** The RFC 7638 JWK thumbprint of the public key, published as `kid`. */
  @PrimaryColumn({ type: 'text' })
  kid!: string;

  @Column({ type: 'text' })
  alg!: string;

  @Column({ type: 'text' })
  status!: SigningKeyStatus;

  @Column({ name: 'public_jwk', type: 'jsonb' })
  publicJwk!: Record<string, string>;

  @Column({ name: 'private_key_sealed', type: 'text' })
  privateKeySealed!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** When a retired key leaves the JWKS: after every token it signed has expired. */
  @Column({ name: 'published_until', type: 'timestamptz', nullable: true })
  publishedUntil!: Date | null;
}
