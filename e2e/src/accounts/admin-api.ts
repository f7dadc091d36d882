export { answer, clerkError } from '../support/clerk-errors';

let counter = 0;
/** A fresh email address per call, so that test files and reruns never collide. */
export const freshEmail = (name = 'user') =>
  `${name}.${Date.now().toString(36)}${(++counter).toString(36)}@example.com`.toLowerCase();
