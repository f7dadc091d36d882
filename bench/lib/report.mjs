// The bench's output: a table on stdout, the full result as JSON under bench/results/, and one line per run in
// bench/results/history.jsonl so that changes over time show.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { round } from './stats.mjs';

const MiB = 1024 * 1024;

/** The issue's targets, judged on a full run only (quick runs are too short to judge anything). */
export const TARGETS = { W1: 1.0, W2: 1.5, W3: 1.5, W4: 1.0, p99Ms: 50, rssBytes: 1024 * MiB, readyMs: 20_000 };

export function judgeTargets(result) {
  const byId = Object.fromEntries(result.workloads.map((workload) => [workload.id, workload]));
  const checks = [];
  for (const id of ['W1', 'W2', 'W3', 'W4']) {
    const ratio = byId[id]?.ratio;
    // A system that failed more than one unit in a thousand was not doing the workload: no verdict.
    const failing = Object.values(byId[id]?.systems ?? {}).some((entry) => errorShare(entry) > MAX_ERROR_SHARE);
    checks.push({
      target: `${id} ≥ ${TARGETS[id].toFixed(1)}× baseline`,
      value: round(ratio, 2),
      met: ratio == null || failing ? null : ratio >= TARGETS[id],
      floorRatio: round(floorRatio(result, byId[id]), 2),
      ...(failing ? { note: 'not judged: a system failed more than 0.1 % of its units' } : {}),
    });
  }
  for (const id of ['W2', 'W3']) {
    const p99 = byId[id]?.systems.tessera?.p99Ms;
    checks.push({
      target: `${id} p99 < ${TARGETS.p99Ms} ms`,
      value: round(p99),
      met: p99 == null ? null : p99 < TARGETS.p99Ms,
    });
  }
  const rss = result.systems.tessera?.peakRss?.totalBytes;
  checks.push({
    target: 'Tessera RSS at peak < 1 GiB',
    value: rss ? round(rss / MiB) : null,
    met: rss ? rss < TARGETS.rssBytes : null,
  });
  const ready = result.systems.tessera?.allReadyMs;
  checks.push({ target: 'ready < 20 s', value: ready, met: ready == null ? null : ready < TARGETS.readyMs });
  return checks;
}

const MAX_ERROR_SHARE = 0.001;

/** The share of a system's units in a workload that failed. */
function errorShare(entry) {
  const completed = (entry?.rounds ?? []).reduce((sum, round) => sum + round.completed, 0);
  return entry?.errors ? entry.errors / (completed + entry.errors) : 0;
}

/** The workload's architecture floor (bench/lib/hop-floor.mjs) as a multiple of the baseline's rate. */
function floorRatio(result, workload) {
  const floor = result.hopFloor?.byWorkload?.[workload?.id]?.perSecond;
  const baseline = workload?.systems['oidc-provider'];
  return floor && baseline?.status === 'ok' ? floor / baseline.perSecond : null;
}

const pad = (text, width, right = false) => (right ? String(text).padStart(width) : String(text).padEnd(width));
const num = (value, digits = 0) => (value == null ? '–' : Number(value).toFixed(digits));
const percent = (share) => (share == null ? '–' : `${Math.round(100 * share)}%`);
/** CPU per unit: on a fast machine a W2 request costs a process a few hundredths of a millisecond, so below 1 ms
 *  three decimals, or a 20 % change would not show. */
const cpuMs = (ms) => (ms == null ? '–' : ms.toFixed(ms < 1 ? 3 : 2));

/** One line per workload with more than one round on both systems: the ratio of each round pair. */
function roundRatioLines(result) {
  if (result.systemNames.length !== 2) return [];
  const lines = [];
  for (const workload of result.workloads) {
    const ours = workload.systems.tessera?.rounds ?? [];
    const theirs = workload.systems['oidc-provider']?.rounds ?? [];
    const pairs = Math.min(ours.length, theirs.length);
    if (pairs < 2) continue;
    const ratios = Array.from({ length: pairs }, (_, i) =>
      theirs[i].perSecond > 0 ? `${(ours[i].perSecond / theirs[i].perSecond).toFixed(2)}×` : '–',
    );
    lines.push(`  ${workload.id} ${ratios.join('  ')}`);
  }
  return lines;
}

export function renderTable(result) {
  const lines = [];
  const names = result.systemNames;
  const header =
    pad('', 44) + names.map((name) => pad(name, 29)).join('') + (names.length === 2 ? 'Tessera/baseline' : '');
  lines.push(header);
  lines.push(
    pad('', 44) +
      names.map(() => pad('per s', 10, true) + pad('p50 ms', 9, true) + pad('p99 ms', 9, true) + '  ').join(''),
  );
  for (const workload of result.workloads) {
    let line = pad(`${workload.id} ${workload.name}`, 44);
    for (const name of names) {
      const entry = workload.systems[name];
      line +=
        entry?.status === 'ok'
          ? pad(num(entry.perSecond), 10, true) +
            pad(num(entry.p50Ms, 1), 9, true) +
            pad(num(entry.p99Ms, 1), 9, true) +
            '  '
          : pad(`unavailable`, 29);
    }
    if (names.length === 2) line += workload.ratio == null ? '–' : `${workload.ratio.toFixed(2)}×`;
    lines.push(line);
  }
  const notes = result.workloads.flatMap((workload) =>
    names
      .map((name) => [name, workload.systems[name]])
      .filter(([, entry]) => entry && (entry.status !== 'ok' || entry.errors > 0))
      .map(([name, entry]) =>
        entry.status !== 'ok'
          ? `  ${workload.id} ${name}: unavailable — ${entry.reason}`
          : `  ${workload.id} ${name}: ${entry.errors} errors — ${Object.keys(entry.errorMessages).join(' | ')}`,
      ),
  );
  if (notes.length) lines.push('', ...notes);
  const byRound = roundRatioLines(result);
  if (byRound.length) {
    lines.push(
      '',
      'Tessera/baseline by round (round i of each, measured side by side; a ratio that climbs round after round is a',
      "system slowing as its state grows: oidc-provider's in-memory adapter walks a grant's token list on each save):",
      ...byRound,
    );
  }

  lines.push('');
  const tessera = result.systems.tessera;
  if (tessera) {
    const each = Object.entries(tessera.peakRss?.eachBytes ?? {})
      .map(([app, bytes]) => `${app} ${num(bytes / MiB)}`)
      .join(', ');
    lines.push(`Tessera RSS at peak: ${num(tessera.peakRss?.totalBytes / MiB)} MiB over its six processes (${each})`);
    lines.push(
      `Tessera ready: ${num(tessera.readyMs / 1000, 1)} s from launch to discovery answering, ${num(tessera.allReadyMs / 1000, 1)} s until all six /readyz answer (fresh database, migrations included)` +
        `; ${num(tessera.startupCpuMs / 1000, 1)} s of CPU over the six processes to get there` +
        (tessera.buildMs != null ? `; the build before it: ${num(tessera.buildMs / 1000, 1)} s` : ''),
    );
  }
  const baseline = result.systems['oidc-provider'];
  if (baseline) {
    lines.push(
      `oidc-provider RSS at peak: ${num(baseline.peakRss?.totalBytes / MiB)} MiB; ready in ${num(baseline.readyMs / 1000, 1)} s`,
    );
  }
  const floor = result.costFloor;
  lines.push(
    `Cost floor (jose, one core): ${num(floor.signaturesPerSecondPerCore)} RS256 signatures/s, ${num(floor.verificationsPerSecondPerCore)} verifications/s; ` +
      `with ${floor.cores} cores signing and nothing else, W1 could reach ` +
      names
        .map((name) => {
          const ceiling = floor.w1CeilingBySystem[name];
          const w1 = result.workloads.find((workload) => workload.id === 'W1')?.systems[name];
          const share = w1?.status === 'ok' ? ` (measured ${num((100 * w1.perSecond) / ceiling)}% of it)` : '';
          return `${num(ceiling)} flows/s for ${name} (${floor.signaturesPerFlow[name]} signature${floor.signaturesPerFlow[name] > 1 ? 's' : ''} per flow)${share}`;
        })
        .join(', '),
  );

  const hop = result.hopFloor;
  if (hop) {
    lines.push(
      `Architecture floor (bare Fastify + nats.js + jose, none of Tessera's code, no storage; see bench/lib/hop-floor.mjs): ` +
        `${num(hop.direct.perSecond)} req/s answering directly; through each workload's request/replies:`,
    );
    for (const workload of result.workloads) {
      const floor = hop.byWorkload?.[workload.id];
      if (!floor) continue;
      const ratio = floorRatio(result, workload);
      lines.push(
        `  ${workload.id} ${num(floor.perSecond)}/s (p99 ${num(floor.p99Ms, 1)} ms)` +
          (ratio == null ? '' : `, ${num(ratio, 2)}× the baseline: the most any design with these hops reaches here`),
      );
    }
  }

  const cpuLines = perProcessLines(result, names, {
    key: 'cpuMsPerUnit',
    shown: (ms) => ms >= 0.0005,
    format: cpuMs,
    total: (workload, name) =>
      `${cpuMs(workload.systems[name].cpuMsPerUnitTotal)}${signatureShare(result, workload, name)}`,
  });
  if (cpuLines.length) lines.push('', 'CPU milliseconds per request (per flow for W1), by process:', ...cpuLines);

  const switchLines = perProcessLines(result, names, {
    key: 'contextSwitchesPerUnit',
    shown: (count) => count >= 0.05,
    format: (count) => num(count, 1),
    total: (workload, name) =>
      num(
        Object.values(workload.systems[name].contextSwitchesPerUnit).reduce((sum, count) => sum + (count ?? 0), 0),
        1,
      ),
  });
  if (switchLines.length) {
    lines.push('', 'Context switches per request (per flow for W1), by process, the load generator included:');
    lines.push(...switchLines);
  }

  const busyLines = perProcessLines(result, names, {
    key: 'mainThreadBusyShare',
    label: 'machine',
    shown: (share) => share >= 0.05,
    format: percent,
    total: (workload, name) => percent(workload.systems[name].machineBusyShare),
  });
  if (busyLines.length) {
    lines.push(
      '',
      'Busy share of the rounds (median): the machine, and the main thread of each Node process, where its',
      "JavaScript runs (a main thread near 100 % is that process's limit, however idle the machine):",
      ...busyLines,
    );
  }

  lines.push(
    '',
    `Machine: ${result.machine.cpus} × ${result.machine.cpuModel}, Node ${result.machine.node}, load average ${result.machine.loadAverageAtStart.map((value) => value.toFixed(1)).join(' ')} at start; ` +
      `mode ${result.mode}, concurrency ${result.settings.concurrency}, ${result.settings.rounds} rounds × ${result.settings.roundSeconds} s (warm-up ${warmUpRange(result.settings)}); ` +
      `Tessera's access tokens: ${result.settings.accessTokens ?? 'jwt'}`,
  );
  if (result.targets) {
    lines.push('', 'Targets (issue #10):');
    for (const check of result.targets) {
      const floor = check.floorRatio == null ? '' : `  (architecture floor ${check.floorRatio.toFixed(2)}×)`;
      const note = check.note ? `  ${check.note}` : '';
      lines.push(
        `  ${check.met == null ? '?' : check.met ? '✓' : '✗'} ${pad(check.target, 32)} ${pad(check.value ?? '–', 6)}${floor}${note}`,
      );
    }
  }
  const natsLines = result.workloads
    .filter((workload) => workload.systems.tessera?.natsMessagesPerUnit)
    .map((workload) => {
      const perUnit = workload.systems.tessera.natsMessagesPerUnit;
      const total = Object.values(perUnit).reduce((sum, count) => sum + count, 0);
      return `  ${workload.id} ${total.toFixed(1)}: ${Object.entries(perUnit)
        .map(([subject, count]) => `${subject} ${count}`)
        .join(', ')}`;
    });
  if (natsLines.length) lines.push('', 'NATS messages per request (per flow for W1), by subject:', ...natsLines);
  if (result.profiles) lines.push('', ...renderProfiles(result.profiles));
  return lines.join('\n');
}

/**
 * One line per workload and system from a per-process reading (`key`: `{ process: value }`): its total (or what
 * `label` names), then the processes above `shown`, largest first.
 */
function perProcessLines(result, names, { key, label = 'total', shown, format, total }) {
  const lines = [];
  for (const workload of result.workloads) {
    for (const name of names) {
      const perProcess = workload.systems[name]?.[key];
      if (!perProcess) continue;
      const parts = Object.entries(perProcess)
        .filter(([, value]) => shown(value))
        .sort((a, b) => b[1] - a[1])
        .map(([proc, value]) => `${proc} ${format(value)}`);
      lines.push(`  ${workload.id} ${pad(name, 14)} ${label} ${total(workload, name)}: ${parts.join(', ')}`);
    }
  }
  return lines;
}

/**
 * For W1 and W4: how much of a unit's CPU its RS256 signatures take at the cost floor's rate (one core, one at a
 * time), and the rest, which is each system's own work: the part a change to its code can move.
 */
function signatureShare(result, workload, name) {
  const signatures = ['W1', 'W4'].includes(workload.id) ? result.costFloor?.signaturesPerFlow?.[name] : undefined;
  const total = workload.systems[name]?.cpuMsPerUnitTotal;
  if (!signatures || !result.costFloor.signaturesPerSecondPerCore || total == null) return '';
  const signing = (1000 * signatures) / result.costFloor.signaturesPerSecondPerCore;
  return ` (${signatures} signature${signatures > 1 ? 's' : ''} ≈ ${num(signing, 2)}, the rest ${num(total - signing, 2)})`;
}

function renderProfiles(profiles) {
  const lines = ['Where the CPU went (--cpu-prof, self time, share of busy samples):'];
  for (const [workloadId, perProcess] of Object.entries(profiles)) {
    for (const [processName, summary] of Object.entries(perProcess)) {
      if (!summary) continue;
      lines.push(`  ${workloadId} ${processName} (busy ${summary.busyPercent}% of samples)`);
      lines.push(
        `    by origin: ${summary.byOrigin.map((entry) => `${entry.name} ${entry.percentOfBusy}%`).join(', ')}`,
      );
      for (const entry of summary.topFunctions.slice(0, 8))
        lines.push(`    ${pad(`${entry.percentOfBusy}%`, 7)} ${entry.name}`);
    }
  }
  return lines;
}

/** Writes bench/results/<timestamp>.json and appends the run's one-line summary to history.jsonl. */
export function saveResult(resultsDir, result) {
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(
    resultsDir,
    `${result.startedAt.replace(/[:.]/g, '-')}${result.mode === 'quick' ? '-quick' : ''}${accessTokenSuffix(result)}.json`,
  );
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  const summary = {
    at: result.startedAt,
    commit: result.commit,
    mode: result.mode,
    concurrency: result.settings.concurrency,
    accessTokens: result.settings.accessTokens ?? 'jwt',
    ...Object.fromEntries(
      result.workloads.map((workload) => [
        workload.id,
        {
          tessera: round(workload.systems.tessera?.perSecond),
          baseline: round(workload.systems['oidc-provider']?.perSecond),
          ratio: round(workload.ratio, 2),
          tesseraP99Ms: round(workload.systems.tessera?.p99Ms),
          floorRatio: round(floorRatio(result, workload), 2),
        },
      ]),
    ),
    rssMiB: round((result.systems.tessera?.peakRss?.totalBytes ?? NaN) / MiB),
    readyS: round((result.systems.tessera?.readyMs ?? NaN) / 1000),
    allReadyS: round((result.systems.tessera?.allReadyMs ?? NaN) / 1000),
    loadAverage: round(result.machine.loadAverageAtStart[0]),
  };
  appendFileSync(path.join(resultsDir, 'history.jsonl'), `${JSON.stringify(summary)}\n`);
  return file;
}

/** Runs with Tessera's non-default access tokens are told apart by their file name. */
const accessTokenSuffix = (result) => (result.settings.accessTokens === 'opaque' ? '-opaque' : '');

/** Results before the warm-up waited for throughput to settle have no `warmupMaxSeconds`: a fixed warm-up. */
function warmUpRange({ warmupSeconds, warmupMaxSeconds }) {
  return warmupMaxSeconds && warmupMaxSeconds > warmupSeconds
    ? `${warmupSeconds}–${warmupMaxSeconds} s, until throughput settles`
    : `${warmupSeconds} s`;
}
