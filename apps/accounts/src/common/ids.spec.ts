import { newId } from './ids';

describe('newId', () => {
  it('is the prefix and 27 base62 characters', () => {
    expect(newId('user')).toMatch(/^user_[0-9A-Za-z]{27}$/);
    expect(newId('idn')).toMatch(/^idn_[0-9A-Za-z]{27}$/);
    expect(newId('org')).toMatch(/^org_[0-9A-Za-z]{27}$/);
    expect(newId('orgmem')).toMatch(/^orgmem_[0-9A-Za-z]{27}$/);
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 2000 }, () => newId('user')));
    expect(ids.size).toBe(2000);
  });
});
