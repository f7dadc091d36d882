import type { z } from 'zod';

/** A request/reply message: what the caller sends and what the owning service answers. */
export interface RequestContract<Req extends z.ZodTypeAny = z.ZodTypeAny, Res extends z.ZodTypeAny = z.ZodTypeAny> {
  readonly request: Req;
  readonly response: Res;
}

export const requestContract = <Req extends z.ZodTypeAny, Res extends z.ZodTypeAny>(
  request: Req,
  response: Res,
): RequestContract<Req, Res> => ({ request, response });
