import type { OrganizationRole } from '@tessera/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A user's role in an organization; at most one per pair, gone with either side. */
@Entity({ name: 'organization_memberships' })
export class MembershipEntity {
  /** `orgmem_` + 27 base62 characters. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'organization_id', type: 'text' })
  organizationId!: string;

  @Column({ name: 'user_id', type: 'text' })
  userId!: string;

  @Column({ type: 'text' })
  role!: OrganizationRole;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
