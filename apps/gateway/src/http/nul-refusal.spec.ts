import Fastify from 'fastify';
import { registerNulRefusal } from './nul-refusal';

describe('registerNulRefusal', () => {
  const app = Fastify();
  registerNulRefusal(app);
  app.setErrorHandler((error, _request, reply) => {
    reply.status(400).send({ refused: (error as Error).message });
  });
  app.all('/echo/:id', async () => ({ ok: true }));
  afterAll(() => app.close());

  it.each([
    ['the path', { method: 'GET' as const, url: '/echo/a%00b' }],
    ['the query', { method: 'GET' as const, url: '/echo/a?state=x%00' }],
    ['a form field', { method: 'POST' as const, url: '/echo/a', payload: { nested: [{ deep: 'x\u0000' }] } }],
    ['a JSON member name', { method: 'POST' as const, url: '/echo/a', payload: { 'a\u0000': 1 } }],
  ])('refuses U+0000 in %s', async (_, request) => {
    const response = await app.inject(request);
    expect(response.json()).toEqual({ refused: expect.stringContaining('contains a NUL character') });
  });

  it('lets everything else through, however deep', async () => {
    const deep = JSON.parse(`${'['.repeat(1_000)}"x"${']'.repeat(1_000)}`) as unknown;
    for (const payload of [{ text: 'é\u0001\uFFFD' }, deep]) {
      const response = await app.inject({ method: 'POST', url: '/echo/a?x=%01', payload: payload as object });
      expect(response.json()).toEqual({ ok: true });
    }
  });
});
