// Reads resident memory and CPU time of processes from /proc (Linux), so the bench can report Tessera's total
// RSS at peak and how much CPU each process spent per unit of work.
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK)

/** VmRSS in bytes, or null once the process is gone. */
export function residentBytes(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** User + system CPU time in milliseconds, or null once the process is gone. */
export function cpuMillis(pid) {
  return statCpuMillis(`/proc/${pid}/stat`);
}

/**
 * The same for the process's main thread alone (its thread id is its pid): where a Node process runs its
 * JavaScript, so a main thread busy all the time is that process's limit, however idle the machine.
 */
export function mainThreadCpuMillis(pid) {
  return statCpuMillis(`/proc/${pid}/task/${pid}/stat`);
}

function statCpuMillis(file) {
  try {
    const stat = readFileSync(file, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after the command: state is index 0, utime 11, stime 12 (proc(5) numbers them 14 and 15).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * Context switches of a process, voluntary and involuntary, summed over its live threads (/proc/<pid>/task), or
 * null once it is gone. Each is a wake-up or a preemption: across processes every message hop costs at least one.
 */
export function contextSwitches(pid) {
  let tids;
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return null;
  }
  let total = 0;
  for (const tid of tids) {
    try {
      const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
      for (const match of status.matchAll(/^(?:non)?voluntary_ctxt_switches:\s+(\d+)$/gm)) total += Number(match[1]);
    } catch {
      // the thread exited meanwhile
    }
  }
  return total;
}

/** Pids whose command name or command line matches. */
export function findPids(matches) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      if (matches({ comm, cmdline })) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Whole-machine CPU: busy and total jiffies from /proc/stat. */
export function machineCpu() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = values[3] + (values[4] ?? 0);
  const total = values.reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}

/**
 * Samples the summed RSS of a group of pids every `intervalMs` and remembers the peak (and each pid's own peak).
 */
export class RssSampler {
  #timer;
  #groups = new Map();

  constructor(intervalMs = 200) {
    this.intervalMs = intervalMs;
  }

  /** `pids` is a map name → pid. */
  watch(group, pids) {
    this.#groups.set(group, { pids, peakTotal: 0, peakEach: {} });
    this.#sample();
    this.#timer ??= setInterval(() => this.#sample(), this.intervalMs).unref();
  }

  #sample() {
    for (const state of this.#groups.values()) {
      let total = 0;
      for (const [name, pid] of Object.entries(state.pids)) {
        const bytes = residentBytes(pid) ?? 0;
        total += bytes;
        state.peakEach[name] = Math.max(state.peakEach[name] ?? 0, bytes);
      }
      state.peakTotal = Math.max(state.peakTotal, total);
    }
  }

  peak(group) {
    const state = this.#groups.get(group);
    return state ? { totalBytes: state.peakTotal, eachBytes: { ...state.peakEach } } : null;
  }

  stop() {
    this.#sample();
    clearInterval(this.#timer);
  }
}

/**
 * CPU milliseconds and context switches of each named pid (or group of pids), and of this process (the load
 * generator), between the call and the returned function's call; and the share of that time each single
 * process's main thread was busy, with the machine's. A process that exits in between (a pooled
 * Postgres connection closing) counts up to its last reading.
 */
export function meterWindow(pids) {
  const read = (meter, named) =>
    Object.fromEntries(
      Object.entries(named).map(([name, group]) => [name, [group].flat().map((pid) => [pid, meter(pid) ?? 0])]),
    );
  const spentSince = (before, meter) =>
    Object.fromEntries(
      Object.entries(before).map(([name, readings]) => [
        name,
        readings.reduce((sum, [pid, start]) => sum + ((meter(pid) ?? start) - start), 0),
      ]),
    );
  // The generator's CPU comes from process.cpuUsage (below); its context switches only /proc has.
  const cpuBefore = read(cpuMillis, pids);
  const switchesBefore = read(contextSwitches, { ...pids, 'load generator': process.pid });
  // Main threads of the named single processes (the Node ones; a group of pids has no one main thread).
  const singles = Object.fromEntries(Object.entries(pids).filter(([, group]) => !Array.isArray(group)));
  const mainBefore = read(mainThreadCpuMillis, { ...singles, 'load generator': process.pid });
  const machineBefore = machineCpu();
  const selfBefore = process.cpuUsage();
  const startedMs = performance.now();
  return () => {
    const wallMs = performance.now() - startedMs;
    const mainSpent = spentSince(mainBefore, mainThreadCpuMillis);
    const spent = spentSince(cpuBefore, cpuMillis);
    // The generator's own CPU to the microsecond (its /proc reading counts in 10 ms ticks).
    const self = process.cpuUsage(selfBefore);
    spent['load generator'] = (self.user + self.system) / 1000;
    const machineAfter = machineCpu();
    const busyShare = (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total || 1);
    return {
      spentMs: spent,
      contextSwitches: spentSince(switchesBefore, contextSwitches),
      machineBusyShare: busyShare,
      mainThreadBusyShare: Object.fromEntries(
        Object.entries(mainSpent).map(([name, ms]) => [name, wallMs > 0 ? ms / wallMs : null]),
      ),
    };
  };
}
