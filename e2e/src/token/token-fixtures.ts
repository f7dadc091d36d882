import { TOKEN_CODE_MINT, TOKEN_TOKEN_INTROSPECT, type RequestOf } from '@tessera/contracts';
import { connectTestRpc } from '@tessera/testing';
import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { admin, e2e } from '../support/e2e-env';

export const REDIRECT_URI = 'https://rp.example.com/callback';
export const ALL_SCOPES = 'openid profile email public_metadata private_metadata offline_access user:org:read';

export interface TestApp {
  clientId: string;
  clientSecret?: string;
}

/** A registered OAuth application (admin API of the client registry). */
export async function createApp(fields: Record<string, unknown> = {}): Promise<TestApp> {
  const response = await admin('/v1/oauth_applications', {
    method: 'POST',
    body: JSON.stringify({ name: 'Token e2e', redirect_uris: [REDIRECT_URI], scopes: ALL_SCOPES, ...fields }),
  });
  if (response.status !== 200) throw new Error(`creating an application: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { client_id: string; client_secret?: string };
  return { clientId: body.client_id, ...(body.client_secret ? { clientSecret: body.client_secret } : {}) };
}

/** A user in the accounts service, with a full profile. */
export async function createUser(fields: Record<string, unknown> = {}): Promise<string> {
  const response = await admin('/v1/users', {
    method: 'POST',
    body: JSON.stringify({
      email_address: [`ada-${randomBytes(4).toString('hex')}@example.com`],
      first_name: 'Ada',
      last_name: 'Lovelace',
      username: `ada_${randomBytes(4).toString('hex')}`,
      public_metadata: { plan: 'pro' },
      private_metadata: { tier: 3 },
      unsafe_metadata: { theme: 'dark' },
      ...fields,
    }),
  });
  if (response.status !== 200) throw new Error(`creating a user: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** An organization whose first admin is `userId`. */
export async function createOrganization(userId: string): Promise<string> {
  const response = await admin('/v1/organizations', {
    method: 'POST',
    body: JSON.stringify({ name: `Org ${randomBytes(3).toString('hex')}`, created_by: userId }),
  });
  if (response.status !== 200) throw new Error(`creating an organization: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** NATS access to the stack, as a peer service: the authorize service mints codes this way. */
export async function connectPeer() {
  const peer = await connectTestRpc(e2e.natsUrl);
  return {
    close: () => peer.close(),
    /** Mints a code as the authorize service does once the user has consented. */
    async mintCode(request: Partial<RequestOf<typeof TOKEN_CODE_MINT>> & { clientId: string; userId: string }) {
      const verifier = oidc.randomPKCECodeVerifier();
      const withPkce = request.codeChallenge === undefined && !('codeChallenge' in request);
      const { code } = await peer.rpc.send(TOKEN_CODE_MINT, {
        redirectUri: REDIRECT_URI,
        scopes: ['openid', 'profile', 'email', 'offline_access'],
        authTime: Math.floor(Date.now() / 1000) - 10,
        ...(withPkce
          ? { codeChallenge: await oidc.calculatePKCECodeChallenge(verifier), codeChallengeMethod: 'S256' as const }
          : {}),
        ...request,
      });
      return { code, verifier };
    },
    /** What the userinfo service will ask: is this token active? */
    introspect: (token: string) => peer.rpc.send(TOKEN_TOKEN_INTROSPECT, { token }),
  };
}
export type Peer = Awaited<ReturnType<typeof connectPeer>>;

export type AuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

/** An openid-client relying party configured from this issuer's discovery document. */
export async function relyingParty(app: TestApp, method: AuthMethod = 'client_secret_basic') {
  const auth =
    method === 'none'
      ? oidc.None()
      : method === 'client_secret_post'
        ? oidc.ClientSecretPost(app.clientSecret)
        : oidc.ClientSecretBasic(app.clientSecret);
  const config = await oidc.discovery(new URL(e2e.issuer), app.clientId, undefined, auth, {
    execute: [oidc.allowInsecureRequests],
  });
  // Verify ID token signatures against the JWKS too (openid-client skips that for direct token responses).
  oidc.enableNonRepudiationChecks(config);
  return config;
}

/** The authorization response the relying party would receive at its redirect URI (with RFC 9207 `iss`). */
export const callbackUrl = (code: string, state = 'state-1234567', redirectUri = REDIRECT_URI) =>
  new URL(`${redirectUri}?${new URLSearchParams({ code, state, iss: e2e.issuer })}`);

/** POSTs a form to the issuer, as a client without a library would. */
export function postForm(path: string, form: Record<string, string | string[]>, headers: Record<string, string> = {}) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) for (const item of [value].flat()) body.append(name, item);
  return fetch(`${e2e.issuer}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
}

/** RFC 6749 §2.3.1 Basic credentials (each half form-urlencoded first). */
export const basicAuth = (clientId: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
