// Summarises V8 .cpuprofile files (from `node --cpu-prof`): where a process spent its CPU during the measured
// window, by function (self time) and by where the code comes from (Tessera's own code, a package, Node itself,
// the garbage collector).
import { readFileSync } from 'node:fs';

/**
 * `windowsUs` are [start, end] pairs in the monotonic clock (process.hrtime) in microseconds; V8 stamps samples
 * with the same clock, so samples outside the measured load (start-up, other workloads, shutdown) are left out.
 */
export function summariseProfile(file, windowsUs, top = 12) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfSamples = new Map();
  let time = profile.startTime;
  let counted = 0;
  profile.samples.forEach((id, index) => {
    time += profile.timeDeltas[index] ?? 0;
    if (!windowsUs.some(([start, end]) => time >= start && time <= end)) return;
    selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
    counted += 1;
  });
  if (counted === 0) return null;

  const byFunction = new Map();
  const byOrigin = new Map();
  let idle = 0;
  for (const [id, samples] of selfSamples) {
    const frame = nodes.get(id).callFrame;
    if (frame.functionName === '(idle)') {
      idle += samples;
      continue;
    }
    const origin = originOf(frame);
    const name = `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + samples);
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + samples);
  }
  const busy = counted - idle;
  const share = (entries) =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, samples]) => ({ name, percentOfBusy: Math.round((1000 * samples) / busy) / 10 }));
  return {
    busyPercent: Math.round((1000 * busy) / counted) / 10,
    topFunctions: share(byFunction),
    byOrigin: share(byOrigin),
  };
}

function shortUrl(url) {
  if (!url) return '';
  const nodeModules = url.lastIndexOf('node_modules/');
  if (nodeModules >= 0) return url.slice(nodeModules + 'node_modules/'.length);
  const dist = url.search(/(apps|libs)\//);
  if (dist >= 0) return url.slice(dist);
  return url.replace(/^file:\/\//, '');
}

function originOf(frame) {
  if (frame.functionName === '(garbage collector)') return 'garbage collector';
  if (frame.functionName === '(program)') return 'V8/native (program)';
  const url = frame.url;
  if (!url) return 'native / builtins';
  if (url.startsWith('node:')) return 'node internals';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1];
  const own = /(apps|libs)\/([^/]+)\//.exec(url);
  if (own) return `tessera ${own[1]}/${own[2]}`;
  return 'other';
}
