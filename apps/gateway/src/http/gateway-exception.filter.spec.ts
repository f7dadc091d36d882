import { createLogger } from '@tessera/logging';
import Fastify from 'fastify';
import { GatewayExceptionFilter } from './gateway-exception.filter';

describe('GatewayExceptionFilter logging', () => {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger('gateway', 'info', { write: (line: string) => lines.push(JSON.parse(line)) });
  const filter = new GatewayExceptionFilter(logger, 'https://id.example.com');
  const app = Fastify();
  app.setErrorHandler((error, request, reply) => filter.handle(error, request, reply));
  app.get('/oauth/crash', async () => {
    throw new TypeError('Do not know how to serialize a BigInt');
  });
  afterAll(() => app.close());

  it('answers a bug with a bare server_error and logs what it was, with its stack', async () => {
    const response = await app.inject({ method: 'GET', url: '/oauth/crash?code=abc' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      error: 'server_error',
      error_description: 'The server encountered an unexpected condition',
    });
    expect(lines.at(-1)).toMatchObject({
      level: 'error',
      path: '/oauth/crash',
      error: 'server_error',
      err: {
        type: 'TypeError',
        message: 'Do not know how to serialize a BigInt',
        stack: expect.stringContaining('gateway-exception.filter.spec.ts'),
      },
    });
  });
});
