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
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after the command: state is index 0, utime 11, stime 12 (proc(5) numbers them 14 and 15).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
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
 * CPU milliseconds spent by each named pid (or group of pids) between the call and the returned function's call.
 * A process that exits in between (a pooled Postgres connection closing) counts up to its last reading.
 */
export function cpuWindow(pids) {
  const before = Object.fromEntries(
    Object.entries(pids).map(([name, group]) => [name, [group].flat().map((pid) => [pid, cpuMillis(pid) ?? 0])]),
  );
  const machineBefore = machineCpu();
  const selfBefore = process.cpuUsage();
  return () => {
    const spent = {};
    for (const [name, readings] of Object.entries(before)) {
      spent[name] = readings.reduce((sum, [pid, start]) => sum + ((cpuMillis(pid) ?? start) - start), 0);
    }
    const self = process.cpuUsage(selfBefore);
    spent['load generator'] = (self.user + self.system) / 1000;
    const machineAfter = machineCpu();
    const busyShare = (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total || 1);
    return { spentMs: spent, machineBusyShare: busyShare };
  };
}
