// Small measuring helpers: a monotonic clock in milliseconds, percentiles, and a driver for N concurrent clients.
import { readFileSync } from 'node:fs';

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Nearest-rank percentile (p in 0..100) of a list of samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/** The median, ignoring NaN samples. */
export function median(samples: readonly number[]): number {
  const xs = samples.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (xs.length === 0) return Number.NaN;
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 === 1 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
}

export function mean(samples: readonly number[]): number {
  return samples.length === 0 ? Number.NaN : samples.reduce((s, x) => s + x, 0) / samples.length;
}

/** Runs `count` calls of `fn` from `concurrency` async loops (clients); returns the wall time in ms. */
export async function drive(count: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = nowMs();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) await fn(i);
    }),
  );
  return nowMs() - started;
}

/** Machine-wide CPU time (all cores, ms) from /proc/stat, to split a run's CPU between this process and the rest. */
export function machineCpuMs(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0); // idle + iowait
    const total = ticks.reduce((s, x) => s + x, 0);
    const msPerTick = 10; // USER_HZ = 100 on Linux
    return { busy: (total - idle) * msPerTick, total: total * msPerTick };
  } catch {
    return undefined;
  }
}

/** CPU time (ms) of each listed process from /proc/<pid>/stat (utime + stime); processes that are gone are skipped. */
export function processCpuMs(pids: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from #3 (state) on
      out.set(pid, (Number(fields[11]) + Number(fields[12])) * 10); // #14 utime, #15 stime, USER_HZ = 100
    } catch {
      // gone, or not on this machine
    }
  }
  return out;
}

/**
 * CPU time (ms) the main thread of this process has used (/proc/self/task/<pid>/stat, utime + stime; 10 ms ticks),
 * or undefined off Linux. Unlike event-loop utilization it does not count the time the thread waited for a core, so
 * it holds up on a machine other processes keep busy.
 */
export function mainThreadCpuMs(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

export interface CpuUse<T> {
  result: T;
  /** this Node process */
  processMs: number;
  /** the listed server processes (e.g. the PostgreSQL backends of the benchmark's database), when readable */
  serverMs: number | undefined;
  /** the whole machine, all cores (Linux) */
  machineMs: number | undefined;
}

/**
 * CPU used while `fn` runs: by this Node process, by the server processes `serverPids` lists (asked before and
 * after: a process that appears during the run counts whole, one that ends during it is lost), and by the machine.
 */
export async function withCpu<T>(fn: () => Promise<T>, serverPids?: () => Promise<number[]>): Promise<CpuUse<T>> {
  const s0 = processCpuMs(serverPids ? await serverPids() : []);
  const m0 = machineCpuMs();
  const p0 = process.cpuUsage();
  const result = await fn();
  const p = process.cpuUsage(p0);
  const m1 = machineCpuMs();
  let serverMs: number | undefined;
  if (serverPids) {
    serverMs = 0;
    for (const [pid, end] of processCpuMs(await serverPids())) serverMs += end - (s0.get(pid) ?? 0);
  }
  return { result, processMs: (p.user + p.system) / 1000, serverMs, machineMs: m0 && m1 ? m1.busy - m0.busy : undefined };
}

/** The 1-minute load average and the cores, to tell a quiet machine from a shared one. */
export function loadText(): string {
  try {
    const [one] = readFileSync('/proc/loadavg', 'utf8').split(' ');
    return `load average ${one}`;
  } catch {
    return 'load average unknown';
  }
}
