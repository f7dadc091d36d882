import { randomBytes } from 'node:crypto';

/** URL-safe random string from `bytes` bytes of CSPRNG output (32 bytes = 256 bits). */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** Lower-case hex random string, for ids such as `oa_…` and `oat_…`. */
export const randomHex = (bytes = 16): string => randomBytes(bytes).toString('hex');
