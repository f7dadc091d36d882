/**
 * Retries `check` until it passes (events, caches and restarts settle asynchronously), every `intervalMs`,
 * failing with its last error once `timeoutMs` has passed; resolves with what the passing check returned.
 */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
