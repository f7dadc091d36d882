import { ExpiringMap } from './expiring-map';

describe('ExpiringMap', () => {
  let now: number;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000;
  });

  it('serves an entry until its expiry, then forgets it', () => {
    const map = new ExpiringMap<string, number>(10, clock);
    map.set('a', 1, now + 5_000);
    now += 4_999;
    expect(map.get('a')).toBe(1);
    now += 1;
    expect(map.get('a')).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it('stores nothing whose expiry is not in the future', () => {
    const map = new ExpiringMap<string, number>(10, clock);
    map.set('a', 1, now);
    expect(map.get('a')).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it('evicts the oldest entry when full, counting a re-set entry as new', () => {
    const map = new ExpiringMap<string, number>(2, clock);
    map.set('a', 1, now + 10);
    map.set('b', 2, now + 10);
    map.set('a', 3, now + 10);
    map.set('c', 4, now + 10);
    expect(map.get('b')).toBeUndefined();
    expect(map.get('a')).toBe(3);
    expect(map.get('c')).toBe(4);
  });

  it('forgets a deleted entry and everything on clear', () => {
    const map = new ExpiringMap<string, number>(10, clock);
    map.set('a', 1, now + 10);
    map.set('b', 2, now + 10);
    map.delete('a');
    expect(map.get('a')).toBeUndefined();
    map.clear();
    expect(map.get('b')).toBeUndefined();
  });

  it('caches nothing with room for no entries', () => {
    const map = new ExpiringMap<string, number>(0, clock);
    map.set('a', 1, now + 10);
    expect(map.get('a')).toBeUndefined();
  });
});
