// The architecture's floor: how fast any gateway → NATS → service design can answer at all on this machine, with
// none of Tessera's work in it. A bare Fastify server answers one route itself (no hop) and another through one
// nats.js request/reply to a bare responder in a second process (one hop, W2's shape), under the same closed-loop
// load as the workloads. No Tessera request with a hop can beat the one-hop figure, so comparing it with the
// baseline's W2 says which targets a design with a hop can reach at all.
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHttpClient } from './http-client.mjs';
import { runClosedLoop } from './load-generator.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

function startProcess(role, env) {
  const child = fork(path.join(here, '..', 'systems', 'hop-floor-process.mjs'), [], {
    env: { ...process.env, ...env, FLOOR_ROLE: role },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`hop floor ${role} exited with ${code}`)));
  });
}

/** Measures /direct and /hop for `durationMs` each (after a short warm-up) at `concurrency`. */
export async function measureHopFloor({ distDir, concurrency, durationMs }) {
  const { freePort, startNatsServer } = require(path.join(distDir, 'libs/testing/index.js'));
  const nats = await startNatsServer();
  const port = await freePort();
  const children = [];
  const http = createHttpClient(`http://127.0.0.1:${port}`, { sockets: concurrency });
  try {
    const env = { FLOOR_NATS_URL: nats.url, FLOOR_PORT: String(port) };
    children.push(await startProcess('service', env));
    children.push(await startProcess('edge', env));
    const measure = async (route) => {
      const unit = async () => {
        const response = await http.request({ path: route, headers: { authorization: 'Bearer floor' } });
        if (response.status !== 200) throw new Error(`${route}: HTTP ${response.status}`);
      };
      await runClosedLoop({ unit, concurrency, durationMs: Math.min(1000, durationMs / 2) });
      const { perSecond, p50Ms, p99Ms } = await runClosedLoop({ unit, concurrency, durationMs });
      return { perSecond, p50Ms, p99Ms };
    };
    return { direct: await measure('/direct'), oneHop: await measure('/hop') };
  } finally {
    http.close();
    for (const child of children) child.kill('SIGTERM');
    await nats.destroy();
  }
}
