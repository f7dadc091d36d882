#!/usr/bin/env node
// `npm run bench`: Tessera against panva's oidc-provider on this machine. Builds and starts the real Tessera
// stack and the baseline, signs a person in once on each, then drives both with the same closed-loop load
// generator: warm-up, then alternating measured rounds of W1–W5. Prints a table, writes bench/results/.
// See docs/performance.md.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from './lib/args.mjs';
import { measureCostFloor } from './lib/cost-floor.mjs';
import { measureHopFloor } from './lib/hop-floor.mjs';
import { summariseProfile } from './lib/cpu-profile.mjs';
import { createHttpClient } from './lib/http-client.mjs';
import { runClosedLoop } from './lib/load-generator.mjs';
import { openWiretap } from './lib/nats-wiretap.mjs';
import { RssSampler, meterWindow } from './lib/process-meter.mjs';
import { judgeTargets, renderTable, saveResult } from './lib/report.mjs';
import { warmUp } from './lib/warm-up.mjs';
import { median } from './lib/stats.mjs';
import { SESSIONS, WORKLOADS, mintGrants, signInSessions, workloadUnit } from './lib/workloads.mjs';
import { prepareBaseline, startBaseline } from './systems/baseline.mjs';
import { benchPostgresUrl, buildTessera, prepareTessera, startTessera } from './systems/tessera.mjs';

/** A mistyped flag is the user's mistake, not the bench's: its message and the usage, without a stack trace. */
function parseArgsOrExit(argv) {
  try {
    return parseArgs(argv);
  } catch (error) {
    process.stderr.write(`bench: ${error.message}\n`);
    process.exit(2);
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const options = parseArgsOrExit(process.argv.slice(2));
const startedAt = new Date().toISOString();
const stamp = startedAt.replace(/[:.]/g, '-');
const log = (message) => process.stderr.write(`bench: ${message}\n`);
const profileDir = path.join(root, 'tmp', 'bench-profiles', stamp);
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/**
 * How many RS256 signatures one W1 flow (and one W4 refresh) costs: Tessera signs a JWT access token and the ID
 * token, or only the ID token with `--access-tokens opaque`; oidc-provider issues opaque access tokens (its default,
 * and what its userinfo endpoint accepts) and signs only the ID token.
 */
const SIGNATURES_PER_FLOW = { tessera: options.accessTokens === 'opaque' ? 1 : 2, 'oidc-provider': 1 };

function gitCommit() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: root,
      encoding: 'utf8',
    });
    return dirty.trim() ? `${head}+dirty` : head;
  } catch {
    return null;
  }
}

/** Starts one system, signs in, mints the grants W2–W4 use. Setup failures make workloads unavailable, not the run. */
async function bringUp(name, sampler, distDir) {
  // NODE_OPTIONS refuses --cpu-prof; a preloaded module runs the same profiler (see cpu-profiler-preload.cjs).
  const nodeOptions = options.profile
    ? `--require ${path.join(root, 'bench', 'lib', 'cpu-profiler-preload.cjs')}`
    : undefined;
  if (options.profile) process.env.BENCH_CPU_PROF_DIR = path.join(profileDir, name);
  const system =
    name === 'tessera'
      ? await startTessera({
          distDir,
          logFile: path.join(root, 'tmp', 'bench-logs', `${stamp}-tessera.log`),
          nodeOptions,
        })
      : await startBaseline({ nodeOptions });
  log(`${name} ready in ${(system.readyMs / 1000).toFixed(1)} s at ${system.issuer}`);
  sampler.watch(name, system.pids);
  const wiretap = options.profile && system.natsUrl ? await openWiretap(system.natsUrl) : null;
  const http = createHttpClient(system.issuer, { sockets: options.concurrency });
  const entry = { name, system, http, wiretap, target: null, unavailable: {} };
  const sessionWorkloads = ['W1', 'W2', 'W3', 'W4'];
  try {
    entry.target = await (name === 'tessera'
      ? prepareTessera(system, http, { accessTokenFormat: options.accessTokens })
      : prepareBaseline(system, http));
  } catch (error) {
    for (const id of sessionWorkloads) entry.unavailable[id] = `sign-in setup failed: ${error.message}`;
    entry.target = { paths: { jwks: '/.well-known/jwks.json', discovery: '/.well-known/openid-configuration' } };
    if (name === 'oidc-provider') entry.target.paths.jwks = '/jwks';
    log(`${name}: ${entry.unavailable.W1}`);
  }
  return entry;
}

/**
 * Mints the grants W2–W4 use, right before the first of them: after W1, so that W1's flood of codes and tokens
 * cannot push them out of oidc-provider's in-memory store (an LRU capped at 1000 entries).
 */
async function ensureGrants(entry) {
  if (entry.grantsTried) return;
  entry.grantsTried = true;
  try {
    const grants = await mintGrants(entry.target, options.chains);
    entry.target.accessTokens = grants.map((grant) => grant.access_token);
    entry.target.refreshTokens = grants.map((grant) => grant.refresh_token).filter(Boolean);
    if (entry.target.refreshTokens.length < grants.length)
      entry.unavailable.W4 = 'the code exchange issued no refresh token';
    log(`${entry.name}: ${grants.length} grants minted for W2–W4`);
  } catch (error) {
    for (const id of ['W2', 'W3', 'W4']) entry.unavailable[id] = `minting grants failed: ${error.message}`;
  }
}

/** W1's workers take turns among new signed-in browsers, each round its own (see SESSIONS). */
async function newW1Sessions(entry) {
  entry.target.sessionCookies = (await signInSessions(entry.target, SESSIONS)).map((session) => session.cookie);
}

async function measureWorkload(workload, entries) {
  const perSystem = {};
  for (const entry of entries) {
    const state = { entry, unit: null, rounds: [], meters: [], windows: [], nats: {} };
    perSystem[entry.name] = state;
    if (['W2', 'W3', 'W4'].includes(workload.id) && !entry.unavailable[workload.id]) await ensureGrants(entry);
    if (entry.unavailable[workload.id]) continue;
    const unit = workloadUnit(workload.id, entry.target, entry.http);
    try {
      if (workload.id === 'W1') await newW1Sessions(entry);
      await unit(0); // one probe: an endpoint that is missing or broken makes the workload unavailable
      state.unit = unit;
      state.warmUp = await warmUp({
        unit,
        concurrency: options.concurrency,
        minMs: options.warmupS * 1000,
        maxMs: options.warmupMaxS * 1000,
      });
      log(
        `${workload.id} ${entry.name} warm-up: ${(state.warmUp.elapsedMs / 1000).toFixed(1)} s` +
          (state.warmUp.slicesPerSecond.length ? ` (per second: ${state.warmUp.slicesPerSecond.join(', ')})` : ''),
      );
    } catch (error) {
      entry.unavailable[workload.id] = error.message;
    }
  }
  const ready = entries.filter((entry) => perSystem[entry.name].unit);
  for (let roundIndex = 0; roundIndex < options.rounds; roundIndex++) {
    // Alternate the order so that neither system always runs right after the other's load.
    const order = roundIndex % 2 === 0 ? ready : [...ready].reverse();
    for (const entry of order) {
      const state = perSystem[entry.name];
      if (workload.id === 'W1') await newW1Sessions(entry); // before the CPU window: sign-ins are not W1's work
      const pids = { ...entry.system.pids, ...entry.system.infrastructurePids() };
      const stopMeters = meterWindow(pids);
      entry.wiretap?.start();
      const windowStart = nowUs();
      const result = await runClosedLoop({
        unit: state.unit,
        concurrency: options.concurrency,
        durationMs: options.durationS * 1000,
      });
      state.windows.push([windowStart, nowUs()]);
      for (const [subject, count] of Object.entries((await entry.wiretap?.stop()) ?? {})) {
        state.nats[subject] = (state.nats[subject] ?? 0) + count;
      }
      state.meters.push({ ...stopMeters(), completed: result.completed });
      state.rounds.push(result);
      log(
        `${workload.id} ${entry.name} round ${roundIndex + 1}: ${result.perSecond.toFixed(0)}/s, p50 ${result.p50Ms?.toFixed(1)} ms, p99 ${result.p99Ms?.toFixed(1)} ms` +
          (result.errors ? `, ${result.errors} errors` : ''),
      );
    }
  }
  const systems = {};
  for (const entry of entries) {
    const state = perSystem[entry.name];
    if (!state.unit) {
      systems[entry.name] = { status: 'unavailable', reason: entry.unavailable[workload.id] ?? 'not measured' };
      continue;
    }
    const completed = state.meters.reduce((sum, window) => sum + window.completed, 0);
    const cpuMsPerUnit = perUnit(state.meters, 'spentMs', completed);
    const contextSwitchesPerUnit = perUnit(state.meters, 'contextSwitches', completed);
    const errorMessages = {};
    for (const round of state.rounds) {
      for (const [message, count] of Object.entries(round.errorMessages))
        errorMessages[message] = (errorMessages[message] ?? 0) + count;
    }
    systems[entry.name] = {
      status: 'ok',
      perSecond: median(state.rounds.map((round) => round.perSecond)),
      p50Ms: median(state.rounds.map((round) => round.p50Ms)),
      p99Ms: median(state.rounds.map((round) => round.p99Ms)),
      errors: state.rounds.reduce((sum, round) => sum + round.errors, 0),
      errorMessages,
      rounds: state.rounds.map(({ completed: done, errors, elapsedMs, perSecond, p50Ms, p99Ms, maxMs }) => ({
        completed: done,
        errors,
        elapsedMs,
        perSecond,
        p50Ms,
        p99Ms,
        maxMs,
      })),
      warmUp: state.warmUp,
      cpuMsPerUnit,
      cpuMsPerUnitTotal: Object.entries(cpuMsPerUnit)
        .filter(([proc]) => proc !== 'load generator')
        .reduce((sum, [, ms]) => sum + (ms ?? 0), 0),
      contextSwitchesPerUnit,
      machineBusyShare: median(state.meters.map((window) => window.machineBusyShare)),
      mainThreadBusyShare: medianByProcess(state.meters, 'mainThreadBusyShare'),
      ...(entry.wiretap
        ? {
            natsMessagesPerUnit: Object.fromEntries(
              Object.entries(state.nats).map(([subject, count]) => [
                subject,
                Math.round((100 * count) / (completed || 1)) / 100,
              ]),
            ),
          }
        : {}),
      windowsUs: state.windows,
    };
  }
  const tessera = systems.tessera;
  const baseline = systems['oidc-provider'];
  const ratio = tessera?.status === 'ok' && baseline?.status === 'ok' ? tessera.perSecond / baseline.perSecond : null;
  return { id: workload.id, name: workload.name, unit: workload.unit, ratio, systems };
}

/** One per-process reading (`key` of each round's meterWindow) over the measured rounds, per unit done. */
function perUnit(windows, key, completed) {
  const totals = {};
  for (const window of windows) {
    for (const [proc, value] of Object.entries(window[key])) totals[proc] = (totals[proc] ?? 0) + value;
  }
  return Object.fromEntries(
    Object.entries(totals).map(([proc, total]) => [proc, completed ? total / completed : null]),
  );
}

/** One per-process reading (`key` of each round's meterWindow) as its median over the measured rounds. */
function medianByProcess(windows, key) {
  const byProcess = {};
  for (const window of windows) {
    for (const [proc, value] of Object.entries(window[key])) (byProcess[proc] ??= []).push(value);
  }
  return Object.fromEntries(Object.entries(byProcess).map(([proc, values]) => [proc, median(values)]));
}

/** Pairs each .cpuprofile with its process (by pid) and summarises the samples inside each workload's rounds. */
function summariseProfiles(entries, workloads) {
  const profiles = {};
  for (const entry of entries) {
    const dir = path.join(profileDir, entry.name);
    if (!existsSync(dir)) continue;
    const byPid = Object.fromEntries(Object.entries(entry.system.pids).map(([proc, pid]) => [pid, proc]));
    for (const file of readdirSync(dir)) {
      const pid = Number.parseInt(file, 10);
      const proc = byPid[pid];
      if (!proc) continue;
      for (const workload of workloads) {
        const windows = workload.systems[entry.name]?.windowsUs;
        if (!windows) continue;
        profiles[workload.id] ??= {};
        profiles[workload.id][`${entry.name === 'tessera' ? '' : `${entry.name} `}${proc}`] = summariseProfile(
          path.join(dir, file),
          windows,
        );
      }
    }
  }
  return profiles;
}

async function main() {
  const loadAverageAtStart = loadavg();
  log(`cost floor: timing RS256 with jose…`);
  const floor = await measureCostFloor({ durationMs: options.quick ? 500 : 3000 });
  const costFloor = {
    ...floor,
    signaturesPerFlow: SIGNATURES_PER_FLOW,
    w1CeilingBySystem: Object.fromEntries(
      Object.entries(SIGNATURES_PER_FLOW).map(([name, count]) => [
        name,
        (floor.signaturesPerSecondPerCore * floor.cores) / count,
      ]),
    ),
  };

  const sampler = new RssSampler(200);
  const entries = [];
  let distDir;
  let buildMs = null;
  let hopFloor;
  const workloads = [];
  try {
    if (options.systems.includes('tessera')) {
      ({ distDir, buildMs } = buildTessera(root, { skipBuild: !options.build }));
      // The floor's shapes are those of JWT access tokens (hop-floor.mjs); opaque ones have other hops and signatures.
      if (options.accessTokens === 'jwt') {
        log('hop floor: bare Fastify answering directly and through one NATS request/reply…');
        hopFloor = await measureHopFloor({
          distDir,
          postgresUrl: benchPostgresUrl(),
          concurrency: options.concurrency,
          durationMs: options.quick ? 1000 : 5000,
        });
      }
      entries.push(await bringUp('tessera', sampler, distDir));
    }
    if (options.systems.includes('oidc-provider')) entries.push(await bringUp('oidc-provider', sampler));
    for (const workload of WORKLOADS.filter((candidate) => options.only.includes(candidate.id))) {
      workloads.push(await measureWorkload(workload, entries));
    }
  } finally {
    sampler.stop();
    for (const entry of entries) {
      await entry.wiretap?.close();
      entry.http.close();
      await entry.system.stop();
    }
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  }

  const result = {
    version: 1,
    startedAt,
    commit: gitCommit(),
    mode: options.quick ? 'quick' : 'full',
    settings: {
      concurrency: options.concurrency,
      rounds: options.rounds,
      roundSeconds: options.durationS,
      warmupSeconds: options.warmupS,
      warmupMaxSeconds: options.warmupMaxS,
      chains: options.chains,
      profile: options.profile,
      accessTokens: options.accessTokens,
    },
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model?.trim() ?? 'unknown',
      node: process.versions.node,
      loadAverageAtStart,
    },
    costFloor,
    hopFloor,
    systemNames: entries.map((entry) => entry.name),
    systems: Object.fromEntries(
      entries.map((entry) => [
        entry.name,
        {
          readyMs: entry.system.readyMs,
          allReadyMs: entry.system.allReadyMs,
          startupCpuMs: entry.system.startupCpuMs,
          buildMs: entry.name === 'tessera' ? buildMs : undefined,
          peakRss: sampler.peak(entry.name),
        },
      ]),
    ),
    workloads,
  };
  // The targets are set for Tessera as it runs by default (JWT access tokens).
  if (!options.quick && entries.length === 2 && options.accessTokens === 'jwt') result.targets = judgeTargets(result);
  if (options.profile) result.profiles = summariseProfiles(entries, workloads);
  for (const workload of result.workloads) for (const entry of Object.values(workload.systems)) delete entry.windowsUs;

  process.stdout.write(`\n${renderTable(result)}\n`);
  if (options.save && !options.profile) {
    const file = saveResult(path.join(root, 'bench', 'results'), result);
    log(`wrote ${path.relative(root, file)} and appended bench/results/history.jsonl`);
  }
  if (options.profile) log(`profiles in ${path.relative(root, profileDir)}`);
  return result;
}

/** `--check`: what did not get measured (a workload unavailable on a system, or no unit completed). */
function unmeasured(result) {
  return result.workloads.flatMap((workload) =>
    Object.entries(workload.systems)
      .filter(([, entry]) => entry.status !== 'ok' || !(entry.perSecond > 0))
      .map(([name, entry]) => `${workload.id} on ${name}: ${entry.reason ?? 'no unit completed'}`),
  );
}

mkdirSync(path.join(root, 'tmp'), { recursive: true });
main().then(
  (result) => {
    const missing = options.check ? unmeasured(result) : [];
    for (const line of missing) process.stderr.write(`bench check: not measured: ${line}\n`);
    process.exit(missing.length ? 1 : 0);
  },
  (error) => {
    process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
