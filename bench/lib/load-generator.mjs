// A closed-loop load generator: `concurrency` workers each run one unit of work (a request, or a whole sign-in
// flow) after another until the time is up. Throughput is completed units over the wall time until the last
// one finishes; latency is per unit. The same code drives both systems.
import { percentile } from './stats.mjs';

/**
 * Runs `unit(workerIndex)` in `concurrency` parallel loops for `durationMs`, or until `stopWhen(completed,
 * elapsedMs)` says so (asked before each unit starts). A unit that throws counts as an error (its message kept, a
 * few distinct ones at most) and the loop goes on.
 */
export async function runClosedLoop({ unit, concurrency, durationMs, stopWhen = () => false }) {
  const latencies = [];
  const errorMessages = new Map();
  let completed = 0;
  let errors = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(durationMs * 1e6));

  const worker = async (index) => {
    for (;;) {
      const begin = process.hrtime.bigint();
      if (begin >= deadline || stopWhen(completed, Number(begin - started) / 1e6)) break;
      try {
        await unit(index);
        latencies.push(Number(process.hrtime.bigint() - begin) / 1e6);
        completed += 1;
      } catch (error) {
        errors += 1;
        const message = String(error?.message ?? error);
        if (errorMessages.size < 5 || errorMessages.has(message)) {
          errorMessages.set(message, (errorMessages.get(message) ?? 0) + 1);
        }
        // A failing system answers fast; do not let an error storm become the measurement.
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  latencies.sort((a, b) => a - b);
  return {
    completed,
    errors,
    errorMessages: Object.fromEntries(errorMessages),
    elapsedMs,
    perSecond: completed / (elapsedMs / 1000),
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    maxMs: latencies.length ? latencies[latencies.length - 1] : null,
  };
}
