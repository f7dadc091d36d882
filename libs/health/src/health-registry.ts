import { Injectable } from '@nestjs/common';

export type ReadinessCheck = () => Promise<void>;

/** A gauge whose value a module reads when Prometheus scrapes (e.g. the event relay lag). */
export interface ScrapedGauge {
  name: string;
  help: string;
  read: () => Promise<number>;
}

/**
 * Readiness checks registered by the modules that own a dependency (Postgres, Redis, NATS), and the gauges
 * modules read at scrape time; the probe port (startHealthServer) serves both.
 */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();
  private readonly scrapedGauges = new Map<string, ScrapedGauge>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /** Register before the probe port starts (at module init): startHealthServer adds them to /metrics. */
  registerGauge(gauge: ScrapedGauge): void {
    this.scrapedGauges.set(gauge.name, gauge);
  }

  gauges(): ScrapedGauge[] {
    return [...this.scrapedGauges.values()];
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
