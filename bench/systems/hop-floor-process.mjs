// One process of the hop floor (see bench/lib/hop-floor.mjs), with none of Tessera's code: `edge` is a bare
// Fastify server that answers GET /direct itself and GET /hop by one nats.js request/reply; `service` answers that
// request. Both reply with a userinfo-sized JSON object. Configured by environment: FLOOR_ROLE, FLOOR_NATS_URL,
// FLOOR_PORT (edge).
import Fastify from 'fastify';
import { connect } from 'nats';

const SUBJECT = 'floor.userinfo.get.v1';
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

const nats = await connect({ servers: process.env.FLOOR_NATS_URL });

if (process.env.FLOOR_ROLE === 'service') {
  nats.subscribe(SUBJECT, {
    queue: 'floor',
    callback: (error, message) => {
      if (error) return;
      const request = JSON.parse(decoder.decode(message.data));
      message.respond(encoder.encode(JSON.stringify({ response: { ...CLAIMS, token: request.token.length } })));
    },
  });
} else {
  const app = Fastify({ logger: false });
  app.get('/direct', async () => CLAIMS);
  app.get('/hop', async (request) => {
    const token = request.headers.authorization ?? '';
    const reply = await nats.request(SUBJECT, encoder.encode(JSON.stringify({ token })), { timeout: 5000 });
    return JSON.parse(decoder.decode(reply.data)).response;
  });
  await app.listen({ port: Number(process.env.FLOOR_PORT), host: '127.0.0.1' });
}
process.send?.('ready');
process.on('SIGTERM', () => process.exit(0));
