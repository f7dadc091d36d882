// One process of the architecture floor (see bench/lib/hop-floor.mjs), with none of Tessera's code.
// `edge` is a bare Fastify server: GET /direct answers itself; every other route makes one nats.js request/reply
// to a `service` process. A service answers `floor.chain.v1` by passing it on (to any service of the queue group)
// until the request's hop count is spent, and the last one signs two RS256 JWTs with jose when asked and, given a
// database, stores one row (one durable Postgres commit, the least an exchange that must survive a crash writes):
// so a route with n hops costs n request/replies spread over the services, like a gateway calling a service that
// calls another. Every reply is a userinfo-sized JSON object. Its NATS connection writes once per event-loop turn,
// as Tessera's do (libs/nats/src/write-coalescing.ts: a transport setting any such design would make, not work of
// Tessera's; without it the floor sat below what Tessera reached). Configured by environment: FLOOR_ROLE,
// FLOOR_NATS_URL, FLOOR_DIST_DIR (the build to take the write coalescing from), FLOOR_PORT (edge),
// FLOOR_DATABASE_URL (service, optional).
import { createRequire } from 'node:module';
import path from 'node:path';
import Fastify from 'fastify';
import { generateKeyPair, SignJWT } from 'jose';
import { connect } from 'nats';
import pg from 'pg';

const SUBJECT = 'floor.chain.v1';
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const CLAIMS = {
  sub: 'user_2bench0000000000000000000',
  email: 'bench@example.com',
  email_verified: true,
  name: 'Bench User',
  given_name: 'Bench',
  family_name: 'User',
  picture: 'https://img.example.com/bench.png',
};

const nats = await connect({ servers: process.env.FLOOR_NATS_URL, noAsyncTraces: true });
const { coalesceWritesPerTurn } = createRequire(import.meta.url)(
  path.join(process.env.FLOOR_DIST_DIR, 'libs/nats/write-coalescing.js'),
);
coalesceWritesPerTurn(nats);

/** One request/reply: `hops` request/replies in all, the last signing two JWTs when `sign`. */
async function chain(hops, sign, token) {
  const reply = await nats.request(SUBJECT, encoder.encode(JSON.stringify({ hops, sign, token })), { timeout: 5000 });
  return JSON.parse(decoder.decode(reply.data)).response;
}

if (process.env.FLOOR_ROLE === 'service') {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  const database = process.env.FLOOR_DATABASE_URL
    ? new pg.Pool({ connectionString: process.env.FLOOR_DATABASE_URL, max: 10 })
    : null;
  const signTwo = async () => {
    const now = Math.floor(Date.now() / 1000);
    const jwt = () =>
      new SignJWT({ ...CLAIMS, jti: String(Math.random()) })
        .setProtectedHeader({ alg: 'RS256', kid: 'floor' })
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .sign(privateKey);
    const accessToken = await jwt();
    const idToken = await jwt();
    await database?.query('INSERT INTO floor_writes (token) VALUES ($1)', [accessToken.slice(-43)]);
    return { accessToken, idToken };
  };
  nats.subscribe(SUBJECT, {
    queue: 'floor',
    callback: (error, message) => {
      if (error) return;
      const request = JSON.parse(decoder.decode(message.data));
      const answer =
        request.hops > 1
          ? chain(request.hops - 1, request.sign, request.token)
          : request.sign
            ? signTwo()
            : Promise.resolve({ ...CLAIMS, token: request.token.length });
      answer.then((response) => message.respond(encoder.encode(JSON.stringify({ response })))).catch(() => undefined);
    },
  });
} else {
  const app = Fastify({ logger: false });
  const token = (request) => request.headers.authorization ?? '';
  app.get('/direct', async () => CLAIMS);
  app.get('/hops/:count', async (request) => chain(Number(request.params.count), false, token(request)));
  app.get('/hops/:count/signed', async (request) => chain(Number(request.params.count), true, token(request)));
  await app.listen({ port: Number(process.env.FLOOR_PORT), host: '127.0.0.1' });
}
process.send?.('ready');
process.on('SIGTERM', () => process.exit(0));
