import type { LaunchedStack } from '@tessera/launcher';
import type { TestInfrastructure } from '@tessera/testing';

/** Environment variables through which the global setup tells test files where the stack runs. */
export const E2E_ENV_KEYS = {
  issuer: 'TESSERA_E2E_ISSUER',
  adminKey: 'TESSERA_E2E_ADMIN_KEY',
  natsUrl: 'TESSERA_E2E_NATS_URL',
  databaseUrl: 'TESSERA_E2E_DATABASE_URL',
  redisNamespace: 'TESSERA_E2E_REDIS_NAMESPACE',
  healthPorts: 'TESSERA_E2E_HEALTH_PORTS',
  logFile: 'TESSERA_E2E_LOG_FILE',
} as const;

export interface E2eStackHandle {
  stack: LaunchedStack;
  infrastructure: TestInfrastructure;
}
