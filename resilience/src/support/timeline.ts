import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from './build';
import type { RequestRecord } from './sign-in-load';

/** When a dependency went away and came back (ms since the epoch). */
export interface OutageWindow {
  dependency: string;
  /** stop() was called. */
  stoppedAt: number;
  /** restart() was called (the dependency was down from stoppedAt until here). */
  restartAt: number;
  /** restart() resolved: the dependency accepts connections again. */
  backAt: number;
}

export interface OutageFigures {
  dependency: string;
  downMs: number;
  /** Requests in flight when the dependency went away. */
  inFlightAtStop: number;
  /** Requests started while it was down. */
  startedWhileDown: number;
  /** Requests refused cleanly (503 temporarily_unavailable) between its stop and recovery. */
  refused: number;
  /** Requests that failed otherwise (must be 0). */
  failed: number;
  /** The slowest refusal (ms): how fast requests fail. */
  slowestRefusalMs: number;
  /** The slowest answer of any request overlapping the outage (ms): no hangs. */
  slowestAnswerMs: number;
  /** From the dependency accepting connections again to the end of the last refused request. */
  recoveryMs: number;
  /** Requests that succeeded after recovery, until the end of the observation. */
  succeededAfter: number;
}

/** The figures of one outage, from the requests that overlap [stoppedAt, until). */
export function outageFigures(records: RequestRecord[], window: OutageWindow, until: number): OutageFigures {
  const overlapping = records.filter((record) => record.endedAt > window.stoppedAt && record.startedAt < until);
  const notOk = overlapping.filter((record) => record.outcome !== 'ok');
  const failuresAfterBack = notOk.filter((record) => record.endedAt > window.backAt);
  const recoveryMs = Math.max(0, ...failuresAfterBack.map((record) => record.endedAt - window.backAt));
  return {
    dependency: window.dependency,
    downMs: window.backAt - window.stoppedAt,
    inFlightAtStop: overlapping.filter((record) => record.startedAt < window.stoppedAt).length,
    startedWhileDown: overlapping.filter(
      (record) => record.startedAt >= window.stoppedAt && record.startedAt < window.backAt,
    ).length,
    refused: notOk.filter((record) => record.outcome === 'unavailable').length,
    failed: notOk.filter((record) => record.outcome === 'failed').length,
    slowestRefusalMs: Math.max(
      0,
      ...notOk.filter((record) => record.outcome === 'unavailable').map((record) => record.endedAt - record.startedAt),
    ),
    slowestAnswerMs: Math.max(0, ...overlapping.map((record) => record.endedAt - record.startedAt)),
    recoveryMs,
    succeededAfter: overlapping.filter(
      (record) => record.outcome === 'ok' && record.startedAt >= window.backAt + recoveryMs,
    ).length,
  };
}

/** A short description of failed requests, for assertion messages. */
export function describeFailures(records: RequestRecord[]): string[] {
  return records
    .filter((record) => record.outcome === 'failed')
    .slice(0, 10)
    .map(
      (record) =>
        `${record.step} (worker ${record.worker}, ${record.endedAt - record.startedAt} ms): ${record.detail ?? record.status}`,
    );
}

/** Writes a run's figures to tmp/resilience/<name>.json (docs/resilience.md reports them). */
export function saveFigures(name: string, figures: unknown): void {
  const dir = path.join(repositoryRoot, 'tmp', 'resilience');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(figures, null, 2)}\n`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
