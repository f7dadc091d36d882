import { MessagePattern } from '@nestjs/microservices';
import {
  contracts,
  holdsNul,
  InvalidRequestError,
  type ResponseOf,
  type Subject,
  type ValidRequestOf,
} from '@tessera/contracts';
import type { ZodError } from 'zod';

/** Metadata key on a handler method: the subject it answers (read by `directHandlersOf`). */
export const HANDLED_SUBJECT = Symbol('tessera:handled-subject');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the NATS context and other Nest-injected arguments
type Handler<S extends Subject> = (request: ValidRequestOf<S>, ...rest: any[]) => Promise<ResponseOf<S>>;

/**
 * Marks a method as the handler of one NATS subject. The payload is validated against the subject's request
 * schema before the method runs (bad payloads get `invalid_request`), and the method's signature is checked
 * against the contract at compile time. A payload holding U+0000 anywhere is refused here, for every subject at
 * once, rather than by each text field of each contract (see holdsNul).
 */
export function Handles<S extends Subject>(subject: S) {
  const schema = contracts[subject].request;
  return <H extends Handler<S>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<H>): void => {
    const handler = descriptor.value as (...args: unknown[]) => Promise<unknown>;
    descriptor.value = async function validated(this: unknown, payload: unknown, ...rest: unknown[]) {
      if (holdsNul(payload)) throw new InvalidRequestError('Invalid message payload: it contains a NUL character');
      const parsed = schema.safeParse(payload);
      if (!parsed.success) throw new InvalidRequestError(describeIssues(parsed.error));
      return handler.call(this, parsed.data, ...rest);
    } as unknown as H;
    Reflect.defineMetadata(HANDLED_SUBJECT, subject, descriptor.value as object);
    MessagePattern(subject)(target, key, descriptor);
  };
}

function describeIssues(error: ZodError): string {
  const issue = error.issues[0];
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `Invalid message payload: ${where}${issue.message}`;
}

/** A handler called directly with the message's payload, bound to its controller. */
export type DirectHandler = (payload: unknown) => Promise<unknown>;

/** The `@Handles` methods of these controller instances, by subject. */
export function directHandlersOf(controllers: readonly object[]): Map<string, DirectHandler> {
  const handlers = new Map<string, DirectHandler>();
  for (const controller of controllers) {
    const prototype = Object.getPrototypeOf(controller) as Record<string, unknown>;
    for (const key of Object.getOwnPropertyNames(prototype)) {
      const method = prototype[key];
      if (typeof method !== 'function') continue;
      const subject = Reflect.getMetadata(HANDLED_SUBJECT, method) as string | undefined;
      if (subject) handlers.set(subject, (payload) => (method as DirectHandler).call(controller, payload));
    }
  }
  return handlers;
}
