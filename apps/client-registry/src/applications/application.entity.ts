import { Column, Entity, PrimaryColumn } from 'typeorm';

export type AccessTokenFormat = 'jwt' | 'opaque';

/** An OAuth application (client). Its secret is stored only as a hash (see client-secret.ts). */
@Entity({ name: 'oauth_applications' })
export class ApplicationEntity {
  /** `oa_` + 32 hex. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'client_id', type: 'text', unique: true })
  clientId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'secret_hash', type: 'text', nullable: true })
  secretHash!: string | null;

  @Column({ type: 'boolean' })
  public!: boolean;

  @Column({ type: 'text', array: true })
  scopes!: string[];

  @Column({ name: 'redirect_uris', type: 'text', array: true })
  redirectUris!: string[];

  @Column({ name: 'consent_screen_enabled', type: 'boolean' })
  consentScreenEnabled!: boolean;

  @Column({ name: 'pkce_required', type: 'boolean' })
  pkceRequired!: boolean;

  @Column({ name: 'dynamically_registered', type: 'boolean' })
  dynamicallyRegistered!: boolean;

  @Column({ name: 'access_token_format', type: 'text' })
  accessTokenFormat!: AccessTokenFormat;

  @Column({ name: 'client_uri', type: 'text', nullable: true })
  clientUri!: string | null;

  @Column({ name: 'logo_uri', type: 'text', nullable: true })
  logoUri!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
