import fc from 'fast-check';
import { firstFreeSlug, normalizeSlug, slugFromName } from './slug';

describe('organization slugs', () => {
  it.each([
    ['Acme Inc.', 'acme-inc'],
    ['  Café  Crème  ', 'cafe-creme'],
    ['Ångström & Søn', 'angstrom-s-n'],
    ['--Already-Slugged--', 'already-slugged'],
    ['日本', 'organization'],
    ['!!!', 'organization'],
  ])('makes %j into %j', (name, slug) => {
    expect(slugFromName(name)).toBe(slug);
  });

  it('always yields a valid slug with room for a suffix', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (name) => {
        const slug = slugFromName(name);
        expect(normalizeSlug(slug)).toBe(slug);
        expect(slug.length).toBeLessThanOrEqual(56);
      }),
    );
  });

  it('lower-cases explicit slugs and refuses malformed ones', () => {
    expect(normalizeSlug('Acme-2')).toBe('acme-2');
    for (const bad of ['acme inc', '-acme', 'acme-', 'ac--me', 'acme_inc', 'a'.repeat(65), 'org_abc']) {
      expect(() => normalizeSlug(bad)).toThrow(
        expect.objectContaining({ code: 'form_param_format_invalid', param: 'slug' }),
      );
    }
  });

  it('suffixes taken slugs with the first free number', () => {
    expect(firstFreeSlug('acme', new Set())).toBe('acme');
    expect(firstFreeSlug('acme', new Set(['acme']))).toBe('acme-2');
    expect(firstFreeSlug('acme', new Set(['acme', 'acme-2', 'acme-4']))).toBe('acme-3');
  });
});
