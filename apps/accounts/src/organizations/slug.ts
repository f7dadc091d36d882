import { FormParamFormatInvalidError } from '@tessera/contracts';

export const SLUG_MAX_LENGTH = 64;
/** Room left after a generated base for a uniqueness suffix such as `-12`. */
const GENERATED_BASE_MAX_LENGTH = SLUG_MAX_LENGTH - 8;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * A slug from an organization's name: ASCII (accents dropped), lower case, words joined by single dashes.
 * A name with nothing ASCII in it ("日本") gives "organization".
 */
export function slugFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, GENERATED_BASE_MAX_LENGTH)
    .replace(/^-+|-+$/g, '');
  return slug || 'organization';
}

/** An explicit slug: lower-cased, then it must be dash-separated letters and digits. */
export function normalizeSlug(raw: string): string {
  const slug = raw.toLowerCase();
  if (slug.length > SLUG_MAX_LENGTH || !SLUG.test(slug)) {
    throw new FormParamFormatInvalidError(
      'slug must contain only lower-case letters, digits and single dashes between them',
      { param: 'slug' },
    );
  }
  return slug;
}

/** The first free slug among `base`, `base-2`, `base-3`, … given the ones already taken. */
export function firstFreeSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix++) {
    const candidate = `${base}-${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
