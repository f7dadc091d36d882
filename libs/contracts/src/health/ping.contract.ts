import { z } from 'zod';
import { requestContract } from '../contract';

/** Every service answers `<owner>.health.ping.v1`: readiness checks and the end-to-end smoke test use it. */
export const pingRequest = z.object({}).strict();
export const pingResponse = z.object({
  service: z.string(),
  pid: z.number().int(),
  uptimeSeconds: z.number(),
});
export const pingContract = requestContract(pingRequest, pingResponse);
