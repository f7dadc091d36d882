import { instanceIdFor } from './instance-id';

describe('instanceIdFor', () => {
  it('is ins_ and 24 hex characters of the issuer’s SHA-256, stable per issuer', () => {
    // sha256("https://id.example.com") begins with these 24 hex digits.
    expect(instanceIdFor('https://id.example.com')).toBe('ins_3d38e146cf9fbc8cec9ac1a3');
    expect(instanceIdFor('https://id.example.com')).toBe(instanceIdFor('https://id.example.com'));
    expect(instanceIdFor('https://id.example.com')).not.toBe(instanceIdFor('https://other.example.com'));
  });
});
