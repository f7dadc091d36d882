import { holdsNul } from './nul-character';

describe('holdsNul', () => {
  it.each([
    ['a string', 'a\u0000b'],
    ['a nested string', { grant: { scopes: ['openid', 'x\u0000'] } }],
    ['a member name', { metadata: { 'a\u0000': 1 } }],
  ])('finds U+0000 in %s', (_, value) => {
    expect(holdsNul(value)).toBe(true);
  });

  it('finds it in an array member and in an object without a prototype (a parsed form)', () => {
    const form = Object.assign(Object.create(null) as Record<string, unknown>, {
      token: 'abc',
      scope: ['a', 'b\u0000'],
    });
    expect(holdsNul(form)).toBe(true);
    expect(holdsNul([['x'], { y: '\u0000' }])).toBe(true);
  });

  it('reads own members only: an inherited one is not part of the value', () => {
    const child = Object.create({ 'inherited\u0000': 'x\u0000' }) as Record<string, unknown>;
    child.own = 'fine';
    expect(holdsNul(child)).toBe(false);
  });

  it('finds nothing in values without it, however deep', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}"x"${']'.repeat(100_000)}`) as unknown;
    for (const value of ['é\u0001\uFFFD', { n: 1, b: true, z: null, list: [] }, undefined, 42, deep]) {
      expect(holdsNul(value)).toBe(false);
    }
  });
});
