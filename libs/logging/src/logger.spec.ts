import { createLogger } from './logger';

/** A logger whose lines are kept, parsed, instead of written to stdout. */
function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger('test', 'info', { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('createLogger redaction', () => {
  it('hides an authorization code in a request body, a query and a token-exchange grant', () => {
    const { logger, lines } = capturingLogger();
    logger.info({ body: { grant_type: 'authorization_code', code: 'c0de-value' } }, 'token request');
    logger.info({ request: { query: { code: 'c0de-value', state: 'xyz' } } }, 'callback');
    logger.info({ payload: { grant: { grantType: 'authorization_code', code: 'c0de-value' } } }, 'exchange');
    expect(lines.map(({ body, request, payload }) => ({ body, request, payload }))).toEqual([
      { body: { grant_type: 'authorization_code', code: '[redacted]' } },
      { request: { query: { code: '[redacted]', state: 'xyz' } } },
      { payload: { grant: { grantType: 'authorization_code', code: '[redacted]' } } },
    ]);
  });

  it("keeps an error's code, which says what failed", () => {
    const { logger, lines } = capturingLogger();
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    logger.warn({ err: refused, detail: { code: '57P01' } }, 'a dependency is unavailable');
    expect(lines[0]).toMatchObject({
      err: { message: 'connect ECONNREFUSED 127.0.0.1:5432', code: 'ECONNREFUSED' },
      detail: { code: '57P01' },
    });
  });

  it('still hides the other secrets wherever they are', () => {
    const { logger, lines } = capturingLogger();
    logger.info({ password: 'pw', body: { client_secret: 's', code_verifier: 'v' }, a: { b: { token: 't' } } });
    expect(lines[0]).toMatchObject({
      password: '[redacted]',
      body: { client_secret: '[redacted]', code_verifier: '[redacted]' },
      a: { b: { token: '[redacted]' } },
    });
  });
});
