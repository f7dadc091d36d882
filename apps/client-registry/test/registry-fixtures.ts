import { REGISTRY_APPLICATION_CREATE, type RequestOf } from '@tessera/contracts';
import type { RpcClient } from '@tessera/nats';

/** Creates an application through the registry, with sensible defaults a test can override. */
export function createApplication(
  rpc: RpcClient,
  overrides: Partial<RequestOf<typeof REGISTRY_APPLICATION_CREATE>> = {},
) {
  return rpc.send(REGISTRY_APPLICATION_CREATE, {
    name: 'Test app',
    redirectUris: ['https://app.example.com/callback'],
    scopes: 'openid profile email',
    ...overrides,
  });
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}
