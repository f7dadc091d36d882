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

  it('reads every form as URLSearchParams does (the WHATWG parser)', () => {
    const reference = (body: string) => {
      const form: Record<string, string | string[]> = {};
      for (const [name, value] of new URLSearchParams(body)) {
        const existing = form[name];
        form[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
      }
      return form;
    };
    const bodies = [
      '',
      '&',
      '&&a=1&&',
      'a',
      'a=',
      '=b',
      '=',
      'a=1=2',
      'a==',
      'a+b=c+d',
      'a%20b=%7e%7E',
      'x=%FF%FE',
      'x=%E4%B8',
      'x=%E4%B8%AD%E6%96%87',
      'x=%ZZ%4',
      'x=%',
      'é=ü&é=%C3%BC',
      'token=eyJhbGciOiJSUzI1NiJ9.e30.c2ln&token_type_hint=access_token',
      'a=1&a=2&b=3&a=4',
      // Many pairs without `=`, then one with it.
      `${'k&'.repeat(2000)}last=1`,
    ];
    // And a few thousand made of the characters that matter, from a fixed seed.
    const alphabet = ['a', 'b', '=', '&', '%', '+', '2', '0', 'C', '3', 'F', 'é', ' '];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % alphabet.length;
    for (let i = 0; i < 3000; i++) bodies.push(Array.from({ length: 1 + (i % 17) }, () => alphabet[next()]).join(''));
    for (const body of bodies) expect({ [body]: { ...parseForm(body) } }).toEqual({ [body]: reference(body) });
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
