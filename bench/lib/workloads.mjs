// The five workloads, written once against a "target": what a system exposes (paths, a registered confidential
// client, a signed-in browser session with remembered consent, and tokens minted during setup). Tessera and the
// baseline only differ in how the target is set up.
import { createHash, randomBytes } from 'node:crypto';
import { FORM, UnexpectedResponse, formBody } from './http-client.mjs';

export const WORKLOADS = [
  { id: 'W1', name: 'sign-in flow (authorize → code → token)', unit: 'flows' },
  { id: 'W2', name: 'userinfo (bearer access token)', unit: 'req' },
  { id: 'W3', name: 'token_info / introspection', unit: 'req' },
  { id: 'W4', name: 'refresh_token grant (rotation)', unit: 'req' },
  { id: 'W5', name: 'JWKS + discovery', unit: 'req' },
];

/** The scope of every bench flow, as the issue specifies for W1. */
export const FLOW_SCOPE = 'openid profile email';

/** A PKCE verifier and its S256 challenge (RFC 7636 §4.1–4.2). */
export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeQuery(target, { challenge, state, nonce, scope = FLOW_SCOPE }) {
  return new URLSearchParams({
    response_type: 'code',
    client_id: target.clientId,
    redirect_uri: target.redirectUri,
    scope,
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
}

/** The code from a redirect to the client, or an error naming what came back instead. */
export function codeFromRedirect(response) {
  if (response.status !== 302 && response.status !== 303) throw new UnexpectedResponse('authorize', response);
  const location = new URL(response.headers.location, 'http://placeholder');
  const code = location.searchParams.get('code');
  if (!code) {
    throw new Error(
      `authorize: redirected to ${location.pathname} without a code` +
        (location.searchParams.get('error') ? ` (${location.searchParams.get('error')})` : ''),
    );
  }
  return code;
}

/**
 * How many signed-in browsers W1's workers take turns among; each W1 round (and its warm-up) gets new ones. More
 * than one, because 32 flows at once in one browser is not what an identity provider sees, and new ones each
 * round because oidc-provider ties every token issued under a session to that session's one grant, and its
 * in-memory adapter walks the grant's token list on every save: with the same sessions all run, its W1 and W4
 * slowed round after round (1208 → 816 → 629 flows/s on 2026-11-27), and the medians measured that list.
 */
export const SESSIONS = 8;

/**
 * `count` new browsers signed in to the target (`target.signIn`): their cookies and tokens. The first alone (on
 * Tessera the first of a run also consents, and the others find the consent remembered), then a few at a time.
 */
export async function signInSessions(target, count) {
  if (count < 1) return [];
  const sessions = [await target.signIn()];
  let started = 1;
  const worker = async () => {
    while (started < count) {
      started += 1;
      sessions.push(await target.signIn());
    }
  };
  await Promise.all(Array.from({ length: Math.min(count - 1, 8) }, worker));
  return sessions;
}

/** One W1 flow with one of the target's signed-in sessions: authorize → code → token. Returns the token response. */
export async function signInFlow(target, http, turn = 0) {
  const { verifier, challenge } = pkcePair();
  const state = randomBytes(8).toString('hex');
  const nonce = randomBytes(8).toString('hex');
  const authorize = await http.request({
    path: `${target.paths.authorize}?${authorizeQuery(target, { challenge, state, nonce })}`,
    headers: { cookie: target.sessionCookies[turn % target.sessionCookies.length] },
  });
  const code = codeFromRedirect(authorize);
  return exchangeCode(target, http, code, verifier);
}

export async function exchangeCode(target, http, code, verifier) {
  const token = await http.request({
    method: 'POST',
    path: target.paths.token,
    headers: { authorization: target.basic, 'content-type': FORM },
    body: formBody({
      grant_type: 'authorization_code',
      code,
      redirect_uri: target.redirectUri,
      code_verifier: verifier,
    }),
  });
  if (token.status !== 200) throw new UnexpectedResponse('token (authorization_code)', token);
  const tokens = JSON.parse(token.text);
  if (!tokens.id_token || !tokens.access_token) throw new Error('token: no id_token or access_token in the answer');
  return tokens;
}

/**
 * Mints `count` grants for W2–W4, each by a sign-in of its own: a grant's tokens then share nothing with W1's
 * sessions or with each other (see SESSIONS).
 */
export async function mintGrants(target, count) {
  return (await signInSessions(target, count)).map((session) => session.tokens);
}

/** Builds the unit of work of one workload for a prepared target. */
export function workloadUnit(id, target, http) {
  switch (id) {
    case 'W1':
      return (worker) => signInFlow(target, http, worker);
    case 'W2': {
      const headers = target.accessTokens.map((token) => ({ authorization: `Bearer ${token}` }));
      let turn = 0;
      return async () => {
        const response = await http.request({ path: target.paths.userinfo, headers: headers[turn++ % headers.length] });
        if (response.status !== 200) throw new UnexpectedResponse('userinfo', response);
      };
    }
    case 'W3': {
      const bodies = target.accessTokens.map((token) => formBody({ token }));
      const headers = { authorization: target.basic, 'content-type': FORM };
      let turn = 0;
      return async () => {
        const response = await http.request({
          method: 'POST',
          path: target.paths.introspection,
          headers,
          body: bodies[turn++ % bodies.length],
        });
        if (response.status !== 200 || !response.text.includes('"active":true')) {
          throw new UnexpectedResponse('introspection', response);
        }
      };
    }
    case 'W4':
      return refreshUnit(target, http);
    case 'W5': {
      let turn = 0;
      return async () => {
        const path = turn++ % 2 === 0 ? target.paths.jwks : target.paths.discovery;
        const response = await http.request({ path });
        if (response.status !== 200) throw new UnexpectedResponse(path, response);
      };
    }
    default:
      throw new Error(`unknown workload ${id}`);
  }
}

/**
 * W4: many independent refresh chains. A refresh token is single use, so a chain is taken by one worker at a
 * time, rotated once, and put back with its new token; with more chains than workers they rotate in parallel.
 * A chain whose refresh fails is dropped (and counted as an error) rather than retried with a spent token.
 */
function refreshUnit(target, http) {
  const idle = target.refreshTokens; // the chains' current tokens, kept across warm-up and rounds
  const headers = { authorization: target.basic, 'content-type': FORM };
  return async () => {
    const refreshToken = idle.shift();
    if (refreshToken === undefined) throw new Error('refresh: every chain is busy or broken');
    const response = await http.request({
      method: 'POST',
      path: target.paths.token,
      headers,
      body: formBody({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    });
    if (response.status !== 200) throw new UnexpectedResponse('token (refresh_token)', response);
    const next = JSON.parse(response.text).refresh_token;
    if (!next) throw new Error('refresh: no new refresh_token (rotation off?)');
    idle.push(next);
  };
}
