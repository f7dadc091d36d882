import type { Metadata } from '@tessera/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An organization users belong to; a grant may be bound to one (`org_id`, scope `user:org:read`). */
@Entity({ name: 'organizations' })
export class OrganizationEntity {
  /** `org_` + 27 base62 characters. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Lower case, dash-separated, unique. */
  @Column({ type: 'text' })
  slug!: string;

  @Column({ name: 'public_metadata', type: 'jsonb' })
  publicMetadata!: Metadata;

  @Column({ name: 'private_metadata', type: 'jsonb' })
  privateMetadata!: Metadata;

  /** The user it was created for; no foreign key, so it outlives that user as in Clerk. */
  @Column({ name: 'created_by', type: 'text', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
