import { InvalidRequestError } from '@tessera/contracts';

/** A field of a page's form (or query): one string value; missing counts as empty. */
export function formField(input: unknown, name: string): string {
  const value = input && typeof input === 'object' ? (input as Record<string, unknown>)[name] : undefined;
  if (value === undefined) return '';
  if (typeof value !== 'string') {
    throw new InvalidRequestError(`The "${name}" field must be sent once`, { param: name });
  }
  return value;
}

/** The interaction a page belongs to: its only URL parameter and a hidden field of its form. */
export function interactionIdFrom(input: unknown): string {
  const interactionId = formField(input, 'interaction');
  if (interactionId === '' || interactionId.length > 128) {
    throw new InvalidRequestError(
      'This page needs an "interaction" parameter. Go back to the application and try again.',
      {
        param: 'interaction',
      },
    );
  }
  return interactionId;
}
