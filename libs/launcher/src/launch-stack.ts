import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { DEFAULT_HEALTH_PORTS, TESSERA_APPS, type TesseraApp } from './apps';
import { formatLogLine } from './log-formatter';
import { NODE_MEMORY_FLAGS, withMemorySettings } from './memory-settings';

export interface LaunchOptions {
  /** The build output (`dist/`), holding `apps/<app>/main.js`. */
  distDir: string;
  env: NodeJS.ProcessEnv;
  /** Where log lines go: readable for people, raw JSON lines, or nowhere. */
  output: 'pretty' | 'json' | 'silent';
  /** With `output: 'json'`, where the lines go (default: this process's stdout). */
  logStream?: NodeJS.WritableStream;
  /** HEALTH_PORT per process; defaults to the documented ports. */
  healthPorts?: Partial<Record<TesseraApp, number>>;
  /** Ready means this URL answers 200 (the discovery document). */
  readyUrl: string;
  readyTimeoutMs?: number;
  /** Called when a process exits on its own (not by `stop`). */
  onUnexpectedExit?: (app: TesseraApp, code: number | null, signal: NodeJS.Signals | null) => void;
}

export interface LaunchedStack {
  processes: Map<TesseraApp, ChildProcess>;
  /** SIGTERM to every process, SIGKILL to any still alive after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts the gateway and the five services as child processes and waits until the gateway is ready. */
export async function launchStack(options: LaunchOptions): Promise<LaunchedStack> {
  const processes = new Map<TesseraApp, ChildProcess>();
  let stopping = false;
  const color = options.output === 'pretty' && process.stdout.isTTY === true;

  TESSERA_APPS.forEach((app, index) => {
    // No --enable-source-maps, as in the container image: it loads the source map of every module with one (most
    // of node_modules), ~26 MiB per process. Stack traces point into dist/, which swc keeps close to the source;
    // NODE_OPTIONS=--enable-source-maps brings the mapping back when debugging.
    const child = spawn(process.execPath, [...NODE_MEMORY_FLAGS, path.join(options.distDir, 'apps', app, 'main.js')], {
      env: withMemorySettings({
        ...options.env,
        HEALTH_PORT: String(options.healthPorts?.[app] ?? DEFAULT_HEALTH_PORTS[app]),
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    processes.set(app, child);
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        if (options.output === 'silent') return;
        const out = options.logStream ?? process.stdout;
        out.write(`${options.output === 'pretty' ? formatLogLine(app, index, line, color) : line}\n`);
      });
    }
    child.once('exit', (code, signal) => {
      if (!stopping) options.onUnexpectedExit?.(app, code, signal);
    });
  });

  const stop = async (graceMs = 10_000) => {
    stopping = true;
    const alive = [...processes.values()].filter((child) => child.exitCode === null && child.signalCode === null);
    await Promise.all(
      alive.map(
        (child) =>
          new Promise<void>((resolve) => {
            const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
            child.once('exit', () => {
              clearTimeout(killer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
  };

  try {
    await waitUntilReady(options.readyUrl, options.readyTimeoutMs ?? 30_000, () =>
      [...processes.entries()].find(([, child]) => child.exitCode !== null || child.signalCode !== null),
    );
  } catch (error) {
    await stop(2000);
    throw error;
  }
  return { processes, stop };
}

async function waitUntilReady(
  url: string,
  timeoutMs: number,
  exited: () => [TesseraApp, ChildProcess] | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const dead = exited();
    if (dead) throw new Error(`${dead[0]} exited during start (code ${dead[1].exitCode ?? dead[1].signalCode})`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`Tessera did not become ready within ${timeoutMs} ms (${url})`);
}
