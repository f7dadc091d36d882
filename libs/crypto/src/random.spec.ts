import { fillRandom, randomHex, randomToken } from './random';

describe('random tokens from the pooled CSPRNG output', () => {
  it('encodes the asked number of bytes', () => {
    expect(randomToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken(16)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(randomHex()).toMatch(/^[0-9a-f]{32}$/);
    expect(randomHex(32)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('never hands out the same bytes twice, across pool refills and for sizes beyond the pool', () => {
    // 4 KiB pool, 32 bytes each: 1000 tokens span several refills, and odd sizes straddle their boundaries.
    const tokens = Array.from({ length: 1000 }, (_, index) => randomHex(index % 7 === 0 ? 33 : 32));
    expect(new Set(tokens).size).toBe(tokens.length);
    const large = [randomHex(5000), randomHex(5000)];
    expect(large[0]).toHaveLength(10000);
    expect(large[0]).not.toBe(large[1]);
  });

  it('spreads its bytes over every value (no byte stuck at zero from an unfilled pool)', () => {
    const seen = new Set(Buffer.from(randomHex(4096), 'hex'));
    expect(seen.size).toBeGreaterThan(240);
  });

  it('fills a caller’s buffer with bytes no token got, and returns that buffer', () => {
    const target = Buffer.alloc(12);
    expect(fillRandom(target)).toBe(target);
    expect(target.equals(Buffer.alloc(12))).toBe(false);
    const ivs = Array.from({ length: 500 }, () => fillRandom(Buffer.alloc(12)).toString('hex'));
    expect(new Set([...ivs, randomHex(12)]).size).toBe(ivs.length + 1);
  });
});
