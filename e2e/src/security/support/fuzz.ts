import fc from 'fast-check';

/**
 * One fixed seed for every property, so a failure reproduces: fast-check's report names the seed and the
 * counterexample's path. `FUZZ_SEED=<n>` explores other inputs; `FUZZ_RUNS_FACTOR=<x>` runs more (or fewer).
 */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_261_126);
const RUNS_FACTOR = Number(process.env.FUZZ_RUNS_FACTOR ?? 1);

/** Runs an async property a bounded number of times with the fixed seed (and stops early after `timeLimitMs`). */
export async function fuzz<T>(
  arbitrary: fc.Arbitrary<T>,
  property: (value: T) => Promise<void>,
  numRuns: number,
  timeLimitMs = 30_000,
): Promise<void> {
  await fc.assert(fc.asyncProperty(arbitrary, property), {
    seed: FUZZ_SEED,
    numRuns: Math.max(1, Math.round(numRuns * RUNS_FACTOR)),
    endOnFailure: true,
    interruptAfterTimeLimit: timeLimitMs * RUNS_FACTOR,
    markInterruptAsFailure: false,
  });
}

/** Markup that must come back escaped (or not at all) in any page. */
export const MARKUP_PROBES = ['<svg onload=tessera_xss()>', '"><img src=x onerror=tessera_xss()>'] as const;

/** Values that have broken parsers, validators, databases and templates before. */
export const BOUNDARY_VALUES: readonly string[] = [
  '',
  ' ',
  '\u0000',
  '\t',
  '\r\n',
  'x\r\nSet-Cookie: injected=1',
  'x\r\ninjected: 1',
  '%0d%0ainjected:%201',
  '../../../../etc/passwd',
  ...MARKUP_PROBES,
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '${jndi:ldap://x.example/a}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'prototype',
  'javascript:alert(1)',
  'https://evil.example/cb',
  '//evil.example/cb',
  'https://good.example@evil.example/cb',
  '\uFEFFbom',
  '\u202Eright-to-left',
  '\uD800',
  '\uDFFF\uD800',
  'e\u0301',
  '\u{1F4A5}',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '-0',
  '9007199254740993',
  '9'.repeat(400),
  'a'.repeat(257),
  'a'.repeat(4_097),
  '{"a":1}',
  '[]',
  'null',
  'true',
  '%',
  '%%',
  '+',
  '&',
  '=',
  ';',
  '#',
];

/** Any string: short ASCII, any Unicode code point (lone surrogates too), or a boundary value. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...BOUNDARY_VALUES) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 300, maxLength: 2_000 }) },
);

/** Percent-encodings that do not decode to UTF-8, or are not percent-encodings at all. */
export const BAD_PERCENT_ENCODINGS = [
  '%FF',
  '%C3%28',
  '%ED%A0%80',
  '%E0%A4%A',
  '%C0%AF',
  '%F8%88%80%80%80',
  '%',
  '%Z1',
  '%00',
  '%E2%82',
] as const;

/**
 * A list of (name, value) pairs over `names` and a few others: order kept, duplicates allowed (RFC 6749 §3.1
 * says a repeated parameter must be refused), sometimes with a raw malformed percent-encoding appended.
 */
export function paramList(names: readonly string[], knownValues: readonly string[] = []): fc.Arbitrary<EncodedParams> {
  const value = knownValues.length
    ? fc.oneof({ weight: 3, arbitrary: hostileString }, { weight: 1, arbitrary: fc.constantFrom(...knownValues) })
    : hostileString;
  const name = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...names) },
    { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty', '', 'a[b]', 'a.b') },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );
  return fc
    .record({
      pairs: fc.array(fc.tuple(name, value), { maxLength: 8 }),
      repeat: fc.boolean(),
      badEncoding: fc.option(fc.tuple(fc.constantFrom(...names), fc.constantFrom(...BAD_PERCENT_ENCODINGS)), {
        freq: 4,
      }),
    })
    .map(({ pairs, repeat, badEncoding }) => {
      const all = repeat && pairs.length > 0 ? [...pairs, pairs[0]] : pairs;
      const params = new URLSearchParams();
      for (const [key, value] of all) params.append(key, value);
      let encoded = params.toString();
      if (badEncoding) encoded += `${encoded ? '&' : ''}${badEncoding[0]}=${badEncoding[1]}`;
      return { pairs: all, encoded };
    });
}

export interface EncodedParams {
  pairs: Array<[string, string]>;
  /** application/x-www-form-urlencoded, possibly with a malformed percent-encoding at the end. */
  encoded: string;
}

/**
 * A valid request with one to three things wrong: a parameter set to a hostile value, dropped, repeated, or an
 * unknown one added. Most inputs then get past the first checks, so the deeper ones are exercised too.
 */
export function mutatedParams(
  baseline: Record<string, string>,
  names: readonly string[],
  knownValues: readonly string[] = [],
): fc.Arbitrary<EncodedParams> {
  const value = knownValues.length
    ? fc.oneof({ weight: 3, arbitrary: hostileString }, { weight: 1, arbitrary: fc.constantFrom(...knownValues) })
    : hostileString;
  const mutation = fc.record({
    kind: fc.constantFrom('set', 'set', 'set', 'delete', 'repeat', 'add'),
    name: fc.constantFrom(...names),
    value,
  });
  return fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => {
    let pairs: Array<[string, string]> = Object.entries(baseline);
    for (const { kind, name, value: newValue } of mutations) {
      if (kind === 'set') pairs = [...pairs.filter(([key]) => key !== name), [name, newValue]];
      else if (kind === 'delete') pairs = pairs.filter(([key]) => key !== name);
      else if (kind === 'repeat') pairs = [...pairs, [name, pairs.find(([key]) => key === name)?.[1] ?? newValue]];
      else pairs = [...pairs, [`x_${name}`, newValue]];
    }
    return { pairs, encoded: new URLSearchParams(pairs).toString() };
  });
}

/** Mostly mutations of a valid request, sometimes anything at all. */
export function requestParams(
  baseline: Record<string, string>,
  names: readonly string[],
  knownValues: readonly string[] = [],
): fc.Arbitrary<EncodedParams> {
  return fc.oneof(
    { weight: 3, arbitrary: mutatedParams(baseline, names, knownValues) },
    { weight: 1, arbitrary: paramList(names, knownValues) },
  );
}

/**
 * A valid JSON body with one to three fields changed to any JSON value (hostile strings, numbers, nested
 * objects, arrays, null), removed, or added; as the body of an `application/json` request.
 */
export function mutatedJson(
  baseline: Record<string, unknown>,
  names: readonly string[],
  knownValues: readonly string[] = [],
): fc.Arbitrary<{ contentType: string; body: string }> {
  const anyJson = fc.oneof(
    hostileString,
    fc.jsonValue({ maxDepth: 2 }),
    fc.array(hostileString, { maxLength: 3 }),
    ...(knownValues.length ? [fc.constantFrom(...knownValues)] : []),
  );
  const field = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.string() });
  return fc.array(fc.tuple(field, fc.option(anyJson, { freq: 5 })), { minLength: 1, maxLength: 3 }).map((changes) => {
    const body: Record<string, unknown> = { ...baseline };
    for (const [name, value] of changes) {
      if (value === null) delete body[name];
      else body[name] = value;
    }
    return { contentType: 'application/json', body: JSON.stringify(body) };
  });
}

/** Content types a client might (wrongly) send. */
export const CONTENT_TYPES = [
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=utf-8',
  'application/x-www-form-urlencoded; charset=iso-8859-1',
  'APPLICATION/X-WWW-FORM-URLENCODED',
  'application/json',
  'application/json; charset=utf-16',
  'application/jsonx',
  'text/plain',
  'text/html',
  'application/xml',
  'multipart/form-data; boundary=tessera',
  'application/octet-stream',
  'application/x-www-form-urlencoded, application/json',
  '*/*',
  ';',
  'garbage',
] as const;

/**
 * The status an unknown path answers: 404, unless the path cannot be decoded (not UTF-8) or decodes to a NUL
 * character, which the gateway refuses first with 400.
 */
export function unknownPathStatus(path: string): 404 | 400 {
  try {
    return decodeURIComponent(path).includes('\u0000') ? 400 : 404;
  } catch {
    return 400;
  }
}

/** Replaces UTF-16 surrogates (lone ones cannot be percent-encoded by encodeURIComponent) with U+FFFD. */
export const wellFormed = (value: string): string => value.replace(/[\uD800-\uDFFF]/g, '\uFFFD');

/** Keeps only what node:http lets a header value hold (raw bytes are sent by the raw-socket tests). */
export const headerSafe = (value: string): string => value.replace(/[^\t\x20-\x7e]/g, '');

/**
 * A request body. Mostly the endpoint's own encoding of a (mutated) valid request; otherwise a form, JSON, raw
 * bytes (often not UTF-8) or nothing, under any content type.
 */
export function hostileBody(
  params: fc.Arbitrary<EncodedParams>,
  expected: 'form' | 'json',
): fc.Arbitrary<{ contentType?: string; body?: string | Buffer }> {
  const form = params.map((encoded) => encoded.encoded);
  const json = fc.oneof(
    params.map((encoded) => JSON.stringify(Object.fromEntries(encoded.pairs))),
    fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
    fc.constantFrom(
      '{',
      '{"a":',
      '[1,2',
      '"unterminated',
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      'null',
      '1e309',
      `{"a":${'['.repeat(65)}${']'.repeat(65)}}`,
      `${'['.repeat(9_000)}${']'.repeat(9_000)}`,
    ),
  );
  const bytes = fc.uint8Array({ maxLength: 64 }).map((array) => Buffer.from(array));
  const proper =
    expected === 'form'
      ? form.map((body) => ({ contentType: 'application/x-www-form-urlencoded', body }))
      : json.map((body) => ({ contentType: 'application/json', body }));
  const chaos = fc
    .record({
      contentType: fc.option(fc.constantFrom(...CONTENT_TYPES), { freq: 6 }),
      body: fc.oneof(form, json, bytes, fc.constant(undefined)),
    })
    .map(({ contentType: type, body: payload }) => ({
      ...(type !== null ? { contentType: type } : {}),
      ...(payload !== undefined ? { body: payload } : {}),
    }));
  return fc.oneof({ weight: 3, arbitrary: proper }, { weight: 2, arbitrary: chaos });
}
