import { createHash } from 'node:crypto';

/**
 * The stable id of this installation (Clerk's `instance_id`, `ins_…`), derived from the issuer so that every
 * service computes the same value without sharing state, and so that it changes only when the issuer does.
 */
export function instanceIdFor(issuer: string): string {
  return `ins_${createHash('sha256').update(issuer).digest('hex').slice(0, 24)}`;
}
