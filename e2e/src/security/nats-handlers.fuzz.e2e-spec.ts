import { contracts, type Subject } from '@tessera/contracts';
import fc from 'fast-check';
import { connect, type NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { e2e } from '../support/e2e-env';
import { fuzz, hostileString } from './support/fuzz';
import { expectStackAlive } from './support/stack-health';

/*
 * The services behind the gateway, fuzzed directly on NATS as a misbehaving peer would: every subject of the
 * contract map gets bytes that are not a request packet at all, and well-formed packets whose payload its
 * contract refuses. Each must answer, fast, with an error envelope of a 4xx code (invalid_request) — never
 * time out, never a server_error — and every service stays up. Payloads the contract accepts are never sent, so
 * nothing is created, changed or rotated.
 */

const SUBJECTS = Object.keys(contracts) as Subject[];
const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface Reply {
  err?: { error?: unknown; error_description?: unknown; status?: unknown };
  response?: unknown;
}

/** The top-level field names of a request schema (an object, possibly wrapped in refinements). */
function fieldsOf(schema: z.ZodTypeAny): string[] {
  let current: z.ZodTypeAny = schema;
  while ((current._def as { schema?: z.ZodTypeAny }).schema)
    current = (current._def as { schema: z.ZodTypeAny }).schema;
  const shape = (current as z.AnyZodObject).shape as Record<string, unknown> | undefined;
  return shape ? Object.keys(shape) : [];
}

describe('hostile payloads on every NATS subject (property-based)', () => {
  let nats: NatsConnection;
  let pidsBefore: Record<string, number | undefined>;

  beforeAll(async () => {
    pidsBefore = await expectStackAlive();
    nats = await connect({ servers: e2e.natsUrl, name: 'security-fuzz' });
  });
  afterAll(() => nats.drain());

  async function request(subject: string, bytes: Uint8Array): Promise<Reply> {
    const message = await nats.request(subject, bytes, { timeout: 5_000 });
    return JSON.parse(decoder.decode(message.data)) as Reply;
  }

  function expectRefusal(reply: Reply, sent: string): void {
    const err = reply.err;
    const status = typeof err?.status === 'number' ? err.status : 0;
    if (
      !err ||
      typeof err.error !== 'string' ||
      typeof err.error_description !== 'string' ||
      status < 400 ||
      status >= 500 ||
      reply.response !== undefined
    ) {
      throw new Error(`expected a 4xx error envelope for ${sent}, got ${JSON.stringify(reply).slice(0, 500)}`);
    }
  }

  it.each(SUBJECTS)('%s refuses bytes that are not a request packet with invalid_request', async (subject) => {
    const notAPacket = fc.oneof(
      fc.uint8Array({ maxLength: 256 }),
      fc.jsonValue({ maxDepth: 2 }).map((value) => encoder.encode(JSON.stringify(value))),
      fc
        .constantFrom('', '{', '{"pattern":1,"id":"x"}', '{"pattern":"x"}', 'null', '[]')
        .map((text) => encoder.encode(text)),
    );
    await fuzz(
      notAPacket,
      async (bytes) => {
        const reply = await request(subject, bytes);
        expectRefusal(reply, `${bytes.length} bytes`);
        expect(reply.err?.error).toBe('invalid_request');
      },
      8,
    );
  });

  it.each(SUBJECTS)('%s refuses every payload its contract does not accept', async (subject) => {
    const schema = contracts[subject].request as z.ZodTypeAny;
    const fields = fieldsOf(schema);
    const anyValue = fc.oneof(hostileString, fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined));
    const payload = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fields.length
        ? fc.dictionary(fc.oneof(fc.constantFrom(...fields), fc.string({ maxLength: 8 })), anyValue, { maxKeys: 6 })
        : fc.constant('not an object'),
    );
    await fuzz(
      payload,
      async (generated) => {
        // What actually crosses the wire (JSON drops undefined members).
        const data = generated === undefined ? undefined : (JSON.parse(JSON.stringify(generated)) as unknown);
        fc.pre(!schema.safeParse(data).success);
        const packet = { pattern: subject, id: randomUUID(), data };
        const reply = await request(subject, encoder.encode(JSON.stringify(packet)));
        expectRefusal(reply, JSON.stringify(data)?.slice(0, 200) ?? 'undefined');
      },
      25,
    );
  });

  // U+0000 in ids and text passed the contracts and failed in Postgres (text and jsonb cannot hold it) as a
  // server_error. The gateway refuses it at the edge (apps/gateway/src/http/nul-refusal.ts); @Handles refuses it
  // in every NATS payload, so a peer on NATS gets invalid_request too.
  it.each([
    ['accounts.user.get.v1', { userId: 'user_\u0000' }],
    ['accounts.user.list.v1', { query: 'a\u0000' }],
    ['accounts.credentials.verify.v1', { identifier: 'a\u0000b', password: 'a password' }],
    ['accounts.organization.create.v1', { name: 'a\u0000' }],
    ['accounts.membership.delete.v1', { organizationId: 'org_\u0000', userId: 'user_x' }],
    ['authorize.consent.revoke.v1', { userId: 'user_\u0000', clientId: 'client' }],
    ['registry.client.get.v1', { clientId: 'client\u0000' }],
    ['registry.application.list.v1', { nameQuery: 'a\u0000' }],
  ] as const)('%s refuses a NUL character with invalid_request, not server_error', async (subject, data) => {
    const reply = await request(subject, encoder.encode(JSON.stringify({ pattern: subject, id: randomUUID(), data })));
    expectRefusal(reply, JSON.stringify(data));
    expect(reply.err?.error).toBe('invalid_request');
  });

  it('leaves every process alive, answering, and not restarted', async () => {
    expect(await expectStackAlive()).toEqual(pidsBefore);
  });
});
