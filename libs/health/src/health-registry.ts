import { Injectable } from '@nestjs/common';

export type ReadinessCheck = () => Promise<void>;

/** Readiness checks registered by the modules that own a dependency (Postgres, Redis, NATS). */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /** Runs every check with a deadline; `ok` only when all pass. */
  async report(timeoutMs = 1500): Promise<{ ok: boolean; checks: Record<string, string> }> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await runWithDeadline(check, timeoutMs)] as const),
    );
    return {
      ok: entries.every(([, result]) => result === 'ok'),
      checks: Object.fromEntries(entries),
    };
  }
}

async function runWithDeadline(check: ReadinessCheck, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    return await Promise.race([check().then(() => 'ok'), deadline]);
  } catch (error) {
    return error instanceof Error ? `error: ${error.message}` : 'error';
  } finally {
    clearTimeout(timer);
  }
}
