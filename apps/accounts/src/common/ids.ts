import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** 27 base62 characters: about 160 bits, as long as Clerk's ids after the prefix. */
const ID_LENGTH = 27;

/** The kinds of id this service mints: Clerk's prefixes, and `wh`/`whd` for webhook endpoints and deliveries. */
export type IdPrefix = 'user' | 'idn' | 'org' | 'orgmem' | 'wh' | 'whd';

/** A new random id such as `user_2x7…`. Rejection sampling keeps every character equally likely. */
export function newId(prefix: IdPrefix): string {
  let body = '';
  while (body.length < ID_LENGTH) {
    for (const byte of randomBytes(ID_LENGTH * 2)) {
      // 248 = 4 × 62: bytes at or above it would favour the first characters.
      if (byte < 248 && body.length < ID_LENGTH) body += BASE62[byte % 62];
    }
  }
  return `${prefix}_${body}`;
}
