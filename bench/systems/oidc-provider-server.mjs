// The baseline: panva's oidc-provider configured as close to Tessera as it allows, in its fastest setup (the
// built-in in-memory adapter). Runs as its own process, so that it is measured exactly like Tessera's processes:
// `node oidc-provider-server.mjs <port>` with the client in BENCH_CLIENT_ID, BENCH_CLIENT_SECRET and
// BENCH_REDIRECT_URI; prints one JSON line `{"ready":true,...}` when it listens.
//
// Like Tessera: authorization_code + refresh_token, PKCE S256 required, RS256 ID tokens, introspection and
// revocation, one confidential client (client_secret_basic), refresh tokens for confidential clients with
// rotation on every use, Tessera's token lifetimes. The bench's "person" signs in and consents once; the
// interaction routes below complete those steps without pages (the bench measures the remembered-consent path,
// where neither system shows a page).
import { exportJWK, generateKeyPair } from 'jose';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js';
import LRU from 'oidc-provider/lib/helpers/lru.js';

/**
 * The in-memory adapter's store keeps 1000 to 2000 entries by default (two generations of 1000), fewer than the
 * bench's working set: 200 grants for W2–W4, each with a session of its own (see SESSIONS in
 * bench/lib/workloads.mjs), and their tokens. Past it the least recently used are dropped, and the baseline
 * answered `invalid_token` and `invalid_grant` for tokens it had issued. The same adapter and store, with room.
 */
const store = new LRU({ maxSize: 100_000 });

const port = Number(process.argv[2]);
const issuer = `http://127.0.0.1:${port}`;
const client = {
  client_id: process.env.BENCH_CLIENT_ID,
  client_secret: process.env.BENCH_CLIENT_SECRET,
  redirect_uris: [process.env.BENCH_REDIRECT_URI],
};
const ACCOUNT_ID = 'user_bench';

const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
const signingKey = { ...(await exportJWK(privateKey)), kid: 'bench-rs256', use: 'sig', alg: 'RS256' };

const provider = new Provider(issuer, {
  adapter: (model) => new MemoryAdapter(model, store),
  clients: [
    {
      ...client,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: ['bench-cookie-signing-key-0123456789abcdef'] },
  scopes: ['openid', 'profile', 'email', 'offline_access'],
  claims: {
    openid: ['sub'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username', 'picture'],
    email: ['email', 'email_verified'],
  },
  // A fixed person with the claims Tessera's bench user has.
  findAccount: (_ctx, sub) => ({
    accountId: sub,
    claims: () => ({
      sub,
      name: 'Bench User',
      given_name: 'Bench',
      family_name: 'User',
      preferred_username: 'bench.user',
      email: 'bench.user@example.com',
      email_verified: true,
    }),
  }),
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    introspection: {
      enabled: true,
      // Tessera's token_info: a confidential client may introspect its own tokens.
      allowedPolicy: (_ctx, client, token) => client.clientAuthMethod !== 'none' && token.clientId === client.clientId,
    },
    revocation: { enabled: true },
  },
  // Tessera (like Clerk) gives confidential clients a refresh token whatever the scope, and rotates on every use.
  issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token') && client.clientAuthMethod !== 'none',
  rotateRefreshToken: () => true,
  ttl: {
    AccessToken: 86_400,
    AuthorizationCode: 600,
    IdToken: 86_400,
    RefreshToken: 2_592_000,
    Grant: 2_592_000,
    Session: 604_800,
    Interaction: 600,
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  renderError: (ctx, out) => {
    ctx.type = 'json';
    ctx.body = out;
  },
});

/** Signs the bench person in, and consents to whatever is asked, without a page. */
async function completeInteraction(req, res) {
  const { prompt, params, session, grantId } = await provider.interactionDetails(req, res);
  if (prompt.name === 'login') {
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: ACCOUNT_ID } },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  const grant = grantId
    ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
  if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  await provider.interactionFinished(
    req,
    res,
    { consent: { grantId: await grant.save() } },
    { mergeWithLastSubmission: true },
  );
}

const handle = provider.callback();
const server = createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    completeInteraction(req, res).catch((error) => {
      res.statusCode = 500;
      res.end(String(error?.message ?? error));
    });
    return;
  }
  handle(req, res);
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ ready: true, issuer, clientId: client.client_id })}\n`);
});
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
