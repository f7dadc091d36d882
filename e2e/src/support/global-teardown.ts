import type { E2eStackHandle } from './e2e-keys';

export default async function globalTeardown(): Promise<void> {
  const handle = (globalThis as { __tesseraE2e?: E2eStackHandle }).__tesseraE2e;
  if (!handle) return;
  await handle.stack.stop();
  await handle.infrastructure.teardown();
}
