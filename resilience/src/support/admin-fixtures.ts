import { randomBytes } from 'node:crypto';
import type { ThrowawayStack } from './throwaway-stack';

export const SCOPES = 'openid profile email offline_access';
/** Never contacted: the load reads the code from the Location header of the redirect. */
export const REDIRECT_URI = 'https://rp.example.com/callback';

export interface TestUser {
  id: string;
  email: string;
  password: string;
}

export interface TestApp {
  clientId: string;
  clientSecret: string;
}

/**
 * Setting up is not what these tests measure: a 503 (a service still warming up on a busy machine) is retried a
 * few times. Safe for creations because a 503 here means the request never reached a service or timed out.
 */
async function adminWithRetries(stack: ThrowawayStack, path: string, body: unknown): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const response = await stack.admin(path, { method: 'POST', body: JSON.stringify(body) });
    if (response.status !== 503 || attempt === 5) return response;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export async function createUser(stack: ThrowawayStack, name: string): Promise<TestUser> {
  const email = `${name}-${randomBytes(4).toString('hex')}@example.com`;
  const password = `pw-${randomBytes(12).toString('base64url')}`;
  const response = await adminWithRetries(stack, '/v1/users', {
    email_address: [email],
    password,
    first_name: 'Ada',
    last_name: 'Lovelace',
  });
  if (response.status !== 200) throw new Error(`creating a user: ${response.status} ${await response.text()}`);
  return { id: ((await response.json()) as { id: string }).id, email, password };
}

/** A confidential application (client_secret_basic), with its consent page on. */
export async function createApp(stack: ThrowawayStack, name: string): Promise<TestApp> {
  const response = await adminWithRetries(stack, '/v1/oauth_applications', {
    name,
    redirect_uris: [REDIRECT_URI],
    scopes: SCOPES,
  });
  if (response.status !== 200) throw new Error(`creating an application: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { client_id: string; client_secret: string };
  return { clientId: body.client_id, clientSecret: body.client_secret };
}

/** RFC 6749 §2.3.1 Basic credentials. */
export const basicAuth = (app: TestApp) =>
  `Basic ${Buffer.from(`${encodeURIComponent(app.clientId)}:${encodeURIComponent(app.clientSecret)}`).toString('base64')}`;
