import type { TesseraApp } from '@tessera/launcher';
import { E2E_ENV_KEYS } from './e2e-keys';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run e2e tests through e2e/jest.config.js`);
  return value;
}

/** Where the stack under test runs; see global-setup.ts. */
export const e2e = {
  get issuer() {
    return required(E2E_ENV_KEYS.issuer);
  },
  get adminKey() {
    return required(E2E_ENV_KEYS.adminKey);
  },
  get natsUrl() {
    return required(E2E_ENV_KEYS.natsUrl);
  },
  get databaseUrl() {
    return required(E2E_ENV_KEYS.databaseUrl);
  },
  get redisNamespace() {
    return required(E2E_ENV_KEYS.redisNamespace);
  },
  get logFile() {
    return required(E2E_ENV_KEYS.logFile);
  },
  healthUrl(app: TesseraApp) {
    const ports = JSON.parse(required(E2E_ENV_KEYS.healthPorts)) as Record<TesseraApp, number>;
    return `http://127.0.0.1:${ports[app]}`;
  },
};

/** Calls the admin API with the stack's key (and a JSON content type when there is a body). */
export function admin(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${e2e.issuer}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${e2e.adminKey}`,
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
  });
}
