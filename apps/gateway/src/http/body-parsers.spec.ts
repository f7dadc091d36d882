import { MAX_JSON_DEPTH, nestingDepth, parseForm } from './body-parsers';

describe('parseForm', () => {
  it('decodes application/x-www-form-urlencoded, with + as a space', () => {
    expect({
      ...parseForm('grant_type=authorization_code&redirect_uri=https%3A%2F%2Fa.example%2Fcb&scope=openid+email'),
    }).toEqual({
      grant_type: 'authorization_code',
      redirect_uri: 'https://a.example/cb',
      scope: 'openid email',
    });
  });

  it('keeps every value of a repeated key so that the endpoint can refuse it', () => {
    expect({ ...parseForm('code=a&code=b&code=c') }).toEqual({ code: ['a', 'b', 'c'] });
  });

  it('cannot be tricked into polluting the prototype', () => {
    const form = parseForm('__proto__=x&constructor=y');
    expect(Object.getPrototypeOf(form)).toBeNull();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('nestingDepth', () => {
  it('counts objects and arrays, not scalars', () => {
    expect(nestingDepth('x')).toBe(0);
    expect(nestingDepth({})).toBe(1);
    expect(nestingDepth({ a: [1, { b: null }] })).toBe(3);
  });

  it('stops counting past the limit, without recursion however deep the value', () => {
    let deep: unknown = 'x';
    for (let level = 0; level < 100_000; level++) deep = [deep];
    expect(nestingDepth(deep)).toBe(MAX_JSON_DEPTH + 1);
  });
});
