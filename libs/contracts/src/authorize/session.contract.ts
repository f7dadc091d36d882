import { z } from 'zod';
import { requestContract } from '../contract';

/** Signs the browser out: the session named by the cookie is deleted (an unknown one is not an error). */
export const endSessionRequest = z.object({ sessionToken: z.string().min(1).max(256).optional() }).strict();
export const endSessionResponse = z.object({ ended: z.boolean() });
export const endSessionContract = requestContract(endSessionRequest, endSessionResponse);
