import type { Metadata } from '@tessera/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A person who can sign in. Names, username and avatar feed the `profile` claims. */
@Entity({ name: 'users' })
export class UserEntity {
  /** `user_` + 27 base62 characters. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  /** Lower case, unique case-insensitively. */
  @Column({ type: 'text', nullable: true })
  username!: string | null;

  @Column({ name: 'first_name', type: 'text', nullable: true })
  firstName!: string | null;

  @Column({ name: 'last_name', type: 'text', nullable: true })
  lastName!: string | null;

  @Column({ name: 'image_url', type: 'text', nullable: true })
  imageUrl!: string | null;

  /** argon2id (PHC string); null when the user has no password. Never logged, never answered. */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash!: string | null;

  @Column({ name: 'public_metadata', type: 'jsonb' })
  publicMetadata!: Metadata;

  @Column({ name: 'private_metadata', type: 'jsonb' })
  privateMetadata!: Metadata;

  @Column({ name: 'unsafe_metadata', type: 'jsonb' })
  unsafeMetadata!: Metadata;

  @Column({ name: 'primary_email_address_id', type: 'text', nullable: true })
  primaryEmailAddressId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
