import type { z } from 'zod';
import { accountsContracts } from './accounts';
import { authorizeContracts } from './authorize';
import { registryContracts } from './registry';
import { tokenContracts } from './token';
import { userinfoContracts } from './userinfo';

/**
 * The typed map from every NATS subject to its request and response schemas. Subjects follow
 * `<owner>.<aggregate>.<action>.v<N>`; each owner declares its own in its folder and they meet here.
 */
export const contracts = {
  ...accountsContracts,
  ...authorizeContracts,
  ...registryContracts,
  ...tokenContracts,
  ...userinfoContracts,
} as const;

export type ContractMap = typeof contracts;
export type Subject = keyof ContractMap;
/** What a caller may send (before defaults are applied). */
export type RequestOf<S extends Subject> = z.input<ContractMap[S]['request']>;
/** What a handler receives once the payload has been validated. */
export type ValidRequestOf<S extends Subject> = z.output<ContractMap[S]['request']>;
export type ResponseOf<S extends Subject> = z.output<ContractMap[S]['response']>;

/** The subject each service answers pings on, for readiness checks and smoke tests. */
export const PING_SUBJECTS = {
  accounts: 'accounts.health.ping.v1',
  authorize: 'authorize.health.ping.v1',
  'client-registry': 'registry.health.ping.v1',
  token: 'token.health.ping.v1',
  userinfo: 'userinfo.health.ping.v1',
} as const satisfies Record<string, Subject>;
export type ServiceName = keyof typeof PING_SUBJECTS;
