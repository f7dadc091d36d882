import { freePort, startTestInfrastructure, type TestInfrastructure } from '@tessera/testing';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const startScript = path.join(root, 'scripts/start.mjs');

/** Runs `npm start`'s script with an environment and collects its output until it exits. */
function runStart(env: NodeJS.ProcessEnv): {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, [startScript], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start', () => {
  it('exits 1 with one line naming an unreachable dependency, its address and how to start it', async () => {
    const deadPort = await freePort();
    const run = runStart({ NATS_URL: `nats://127.0.0.1:${deadPort}` });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toBe(
      `NATS is not reachable at 127.0.0.1:${deadPort} (NATS_URL). Start it with: nats-server -a 127.0.0.1 -p 4222 -js (or 'docker compose up -d nats')\n`,
    );
  });

  describe('with its dependencies up', () => {
    let infrastructure: TestInfrastructure;

    beforeAll(async () => {
      infrastructure = await startTestInfrastructure();
    });
    afterAll(async () => {
      await infrastructure.teardown();
    });

    it('comes up ready, then stops every process it started on SIGTERM', async () => {
      const port = await freePort();
      const healthBase = 20000 + Math.floor(Math.random() * 30000);
      const run = runStart(
        infrastructure.env({
          PORT: String(port),
          HEALTH_PORT_BASE: String(healthBase),
          LOG_FORMAT: 'json',
          LOG_LEVEL: 'warn',
        }),
      );
      const deadline = Date.now() + 45_000;
      while (!run.stdout().includes('Tessera is ready') && Date.now() < deadline) {
        if (run.child.exitCode !== null) throw new Error(`start exited early: ${run.stderr()}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(run.stdout()).toContain(`Tessera is ready at http://localhost:${port}`);
      const discovery = await fetch(`http://127.0.0.1:${port}/.well-known/openid-configuration`);
      expect(discovery.status).toBe(200);

      const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(run.child.pid)])
        .toString()
        .trim()
        .split(/\s+/)
        .map(Number);
      expect(children).toHaveLength(6);

      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      expect(children.filter(isAlive)).toEqual([]);
    });
  });
});
