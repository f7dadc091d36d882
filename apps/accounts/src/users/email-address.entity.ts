import { Column, Entity, PrimaryColumn } from 'typeorm';

export type VerificationStatus = 'verified' | 'unverified';

/** One of a user's email addresses; any verified one signs in. */
@Entity({ name: 'email_addresses' })
export class EmailAddressEntity {
  /** `idn_` + 27 base62 characters (Clerk's prefix for identifications). */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'user_id', type: 'text' })
  userId!: string;

  /** Lower case, unique case-insensitively across all users. */
  @Column({ type: 'text' })
  email!: string;

  @Column({ name: 'verification_status', type: 'text' })
  verificationStatus!: VerificationStatus;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
