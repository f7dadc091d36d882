import { randomBytes } from 'node:crypto';
import { tokenKind } from './token-formats';

describe('tokenKind', () => {
  it('recognises each format by its shape', () => {
    expect(tokenKind(`oat_${randomBytes(32).toString('hex')}`)).toBe('opaque');
    expect(tokenKind(`ort_${randomBytes(32).toString('base64url')}`)).toBe('refresh');
    expect(tokenKind('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln')).toBe('jwt');
  });

  it('calls anything else unknown', () => {
    expect(tokenKind(`oat_${randomBytes(16).toString('hex')}`)).toBe('unknown');
    expect(tokenKind(`ort_${randomBytes(31).toString('base64url')}`)).toBe('unknown');
    expect(tokenKind('a.b')).toBe('unknown');
    expect(tokenKind('a.b.c d')).toBe('unknown');
    expect(tokenKind('')).toBe('unknown');
  });
});
