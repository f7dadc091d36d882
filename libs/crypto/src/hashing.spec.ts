import { constantTimeEqual, sha256 } from './hashing';

describe('constantTimeEqual', () => {
  it('is true only for identical strings', () => {
    expect(constantTimeEqual('secret-value', 'secret-value')).toBe(true);
    expect(constantTimeEqual('secret-value', 'secret-valuE')).toBe(false);
    expect(constantTimeEqual('secret-value', 'secret-value-longer')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});

describe('sha256', () => {
  it('hashes to the RFC 6234 test vector for "abc" in base64url', () => {
    expect(sha256('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
  });
});
