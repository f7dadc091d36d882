// The warm-up before a workload's measured rounds: the load runs until throughput stops rising, so that the rounds
// measure the steady state and not V8 still compiling. Each of Tessera's six processes optimises its own hot code
// on its own background threads; on a slow two-core machine they took 10–15 s of W1 to settle (121 flows per
// second in the first two seconds, 275–300 from the twelfth on), far past the 3 s the bench used to wait.
import { runClosedLoop } from './load-generator.mjs';

/** A slice counts as a new high only when it beats the best so far by this much (1-s slices are noisy). */
const RISE = 1.03;
/** Settled: this many slices in a row without a new high. */
const PATIENCE = 3;

/**
 * Runs `unit` closed-loop for at least `minMs` and at most `maxMs`, and stops once `PATIENCE` slices of `sliceMs`
 * in a row set no new high. Each slice is judged by its mean with the slice before, so that one lucky second
 * early on cannot end the warm-up. A system whose throughput falls as it runs (oidc-provider's W1, as its grants'
 * token lists grow) settles at its peak. Returns the per-slice throughput and the time it took.
 */
export async function warmUp({ unit, concurrency, minMs, maxMs, sliceMs = 1000 }) {
  const slices = [];
  let sliceStart = 0;
  let completedAtSliceStart = 0;
  let best = 0;
  let slicesSinceHigh = 0;
  let done = false;
  const settled = (completed, elapsedMs) => {
    if (done || elapsedMs - sliceStart < sliceMs) return done;
    const perSecond = ((completed - completedAtSliceStart) * 1000) / (elapsedMs - sliceStart);
    const smoothed = slices.length ? (slices[slices.length - 1] + perSecond) / 2 : perSecond;
    slices.push(perSecond);
    completedAtSliceStart = completed;
    sliceStart = elapsedMs;
    if (smoothed > best * RISE) {
      best = smoothed;
      slicesSinceHigh = 0;
    } else {
      best = Math.max(best, smoothed);
      slicesSinceHigh += 1;
    }
    done = elapsedMs >= minMs && slicesSinceHigh >= PATIENCE;
    return done;
  };
  const result = await runClosedLoop({
    unit,
    concurrency,
    durationMs: Math.max(minMs, maxMs),
    stopWhen: settled,
  });
  return { elapsedMs: result.elapsedMs, slicesPerSecond: slices.map((perSecond) => Math.round(perSecond)) };
}
