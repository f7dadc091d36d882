import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What travels with one request from the gateway through every NATS hop. */
export interface RequestContext {
  requestId: string;
}

/** The NATS header that carries the request id between processes. */
export const REQUEST_ID_HEADER = 'x-request-id';

const storage = new AsyncLocalStorage<RequestContext>();

export const runWithRequestContext = <T>(context: RequestContext, fn: () => T): T => storage.run(context, fn);

export const currentRequestContext = (): RequestContext | undefined => storage.getStore();

/** Accepts a caller's id when it looks like one (bounded, printable); otherwise makes a new one. */
export function requestIdFrom(candidate: unknown): string {
  return typeof candidate === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(candidate) ? candidate : randomUUID();
}
