import {
  FormParamFormatInvalidError,
  FormParamValueInvalidError,
  FormPasswordLengthTooShortError,
  FormPasswordValidationFailedError,
} from '@tessera/contracts';
import { checkMetadataSize } from '../common/metadata-rules';
import { checkPassword, normalizeEmail, normalizeImageUrl, normalizeUsername } from './user-rules';

describe('user rules', () => {
  describe('email addresses', () => {
    it.each([
      ['Ada@Example.COM', 'ada@example.com'],
      ['first.last+tag@sub.example.co.uk', 'first.last+tag@sub.example.co.uk'],
      ["o'brien@example.org", "o'brien@example.org"],
    ])('accepts %s as %s', (raw, normalized) => {
      expect(normalizeEmail(raw)).toBe(normalized);
    });

    it.each([
      'plainaddress',
      '@example.com',
      'ada@',
      'ada@example',
      'ada @example.com',
      'ada@exa mple.com',
      'ada@@example.com',
      'ada@-example.com',
      'ada@example..com',
      `${'a'.repeat(65)}@example.com`,
      `ada@${'a'.repeat(250)}.com`,
      '',
    ])('refuses %j with form_param_format_invalid naming the parameter', (raw) => {
      expect(() => normalizeEmail(raw)).toThrow(FormParamFormatInvalidError);
      expect(() => normalizeEmail(raw)).toThrow(expect.objectContaining({ param: 'email_address' }));
    });
  });

  describe('usernames', () => {
    it('lower-cases, clears on null or empty, and leaves undefined alone', () => {
      expect(normalizeUsername('Ada_Lovelace-1815')).toBe('ada_lovelace-1815');
      expect(normalizeUsername('')).toBeNull();
      expect(normalizeUsername(null)).toBeNull();
      expect(normalizeUsername(undefined)).toBeUndefined();
    });

    it.each(['abc', 'a'.repeat(65), 'ada@example.com', 'ada lovelace', 'adá'])('refuses %j', (raw) => {
      expect(() => normalizeUsername(raw)).toThrow(
        expect.objectContaining({ code: 'form_param_format_invalid', param: 'username' }),
      );
    });
  });

  describe('image URLs', () => {
    it('accepts http(s) URLs and clears on empty', () => {
      expect(normalizeImageUrl('https://img.example.com/a.png')).toBe('https://img.example.com/a.png');
      expect(normalizeImageUrl('')).toBeNull();
    });

    it.each(['not a url', 'javascript:alert(1)', 'data:image/png;base64,AAAA', '/relative.png'])(
      'refuses %j',
      (raw) => {
        expect(() => normalizeImageUrl(raw)).toThrow(
          expect.objectContaining({ code: 'form_param_format_invalid', param: 'image_url' }),
        );
      },
    );
  });

  describe('passwords', () => {
    it('requires 8 characters, counted as characters rather than bytes', () => {
      expect(() => checkPassword('1234567', [])).toThrow(FormPasswordLengthTooShortError);
      expect(() => checkPassword('1234567', [])).toThrow(expect.objectContaining({ param: 'password' }));
      expect(() => checkPassword('12345678', [])).not.toThrow();
      expect(() => checkPassword('🔑🔑🔑🔑🔑🔑🔑', [])).toThrow(FormPasswordLengthTooShortError);
    });

    it('refuses the user’s own email address or username, in any case', () => {
      expect(() => checkPassword('ADA@example.com', ['ada@example.com', null])).toThrow(
        FormPasswordValidationFailedError,
      );
      expect(() => checkPassword('AdaLovelace', ['ada@example.com', 'adalovelace'])).toThrow(
        FormPasswordValidationFailedError,
      );
      expect(() => checkPassword('ada@example.com!', ['ada@example.com'])).not.toThrow();
    });

    it('skips every check when asked to (migrations)', () => {
      expect(() => checkPassword('short', [], true)).not.toThrow();
      expect(() => checkPassword('ada@example.com', ['ada@example.com'], true)).not.toThrow();
    });
  });

  describe('metadata', () => {
    it('allows 8 KiB of serialized JSON and refuses a byte more', () => {
      const fits = { k: 'x'.repeat(8192 - '{"k":""}'.length) };
      expect(() => checkMetadataSize(fits, 'public_metadata')).not.toThrow();
      const over = { k: 'x'.repeat(8193 - '{"k":""}'.length) };
      expect(() => checkMetadataSize(over, 'public_metadata')).toThrow(FormParamValueInvalidError);
      expect(() => checkMetadataSize(over, 'private_metadata')).toThrow(
        expect.objectContaining({ param: 'private_metadata' }),
      );
    });

    it('counts bytes, not characters', () => {
      // 4093 two-byte characters: 8194 bytes of JSON but only 4101 characters.
      const multibyte = { k: 'é'.repeat(4093) };
      expect(() => checkMetadataSize(multibyte, 'unsafe_metadata')).toThrow(FormParamValueInvalidError);
    });
  });
});
