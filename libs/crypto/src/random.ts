import { randomFillSync } from 'node:crypto';

/**
 * CSPRNG output drawn from a pool refilled 4 KiB at a time, as Node does for `randomUUID`: each `randomBytes`
 * call is a crypto job of its own (microseconds each, several per token exchange), a slice of the pool is not.
 * Every byte is handed out once, and nothing else reads the pool.
 */
const POOL_SIZE = 4096;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let offset = POOL_SIZE;

/** `bytes` fresh random bytes: a view of the pool, to be encoded at once and not kept. */
function randomSlice(bytes: number): Buffer {
  if (bytes > POOL_SIZE) return randomFillSync(Buffer.allocUnsafe(bytes));
  if (offset + bytes > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const slice = pool.subarray(offset, offset + bytes);
  offset += bytes;
  return slice;
}

/** Fills `target` with fresh random bytes from the pool (an IV, say) and returns it. */
export function fillRandom(target: Buffer): Buffer {
  randomSlice(target.length).copy(target);
  return target;
}

/** URL-safe random string from `bytes` bytes of CSPRNG output (32 bytes = 256 bits). */
export const randomToken = (bytes = 32): string => randomSlice(bytes).toString('base64url');

/** Lower-case hex random string, for ids such as `oa_…` and `oat_…`. */
export const randomHex = (bytes = 16): string => randomSlice(bytes).toString('hex');
