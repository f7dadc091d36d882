#!/usr/bin/env node
// `npm test`: type-check, lint, every project's unit and integration tests (against the machine's Postgres and
// Redis, each test file on its own private NATS server, database and Redis namespace), then the end-to-end
// suite that launches the whole stack as `npm start` does. Ends with one line: `tests: N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(root, 'tmp', 'test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const steps = [
  // Computes Nx's project graph, which the module-boundaries lint rule reads (it skips itself without one).
  ['project graph', bin('nx'), ['show', 'projects']],
  ['type check', bin('tsc'), ['-p', 'tsconfig.json']],
  ['lint', bin('eslint'), ['.']],
  ['format', bin('prettier'), ['--check', '.', '--log-level', 'warn']],
  [
    'project tests',
    bin('nx'),
    ['run-many', '-t', 'test', '--exclude=e2e,resilience', '--parallel=1', '--outputStyle=stream'],
  ],
  ['end-to-end tests', bin('nx'), ['run', 'e2e:test', '--outputStyle=stream']],
  // Outages, replica kills and races on throwaway Postgres, Redis and NATS servers of its own (1.5–3 minutes).
  ['resilience tests', bin('nx'), ['run', 'resilience:test', '--outputStyle=stream']],
  // The benchmark's smoke run (about a minute): it must run and measure every workload on both systems; its
  // timings are not judged here (a shared machine is too noisy for thresholds).
  ['benchmark smoke run', process.execPath, ['bench/run.mjs', '--quick', '--no-save', '--check']],
];

const failedSteps = [];
for (const [name, command, args] of steps) {
  process.stdout.write(`\n=== ${name} ===\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } });
  if (result.status !== 0) failedSteps.push(name);
}

let passed = 0;
let failed = 0;
if (existsSync(resultsDir)) {
  for (const file of readdirSync(resultsDir).filter((name) => name.endsWith('.json'))) {
    const report = JSON.parse(readFileSync(path.join(resultsDir, file), 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
  }
}
if (failedSteps.length > 0) process.stdout.write(`\nFailed steps: ${failedSteps.join(', ')}\n`);
process.stdout.write(`\ntests: ${passed} passed, ${failed} failed\n`);
process.exit(failedSteps.length > 0 || failed > 0 || passed === 0 ? 1 : 0);
