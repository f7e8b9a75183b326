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

/** CPU used while `fn` runs: by this Node process and by the whole machine (PostgreSQL is the rest). */
export async function withCpu<T>(fn: () => Promise<T>): Promise<{ result: T; processMs: number; machineMs: number | undefined }> {
  const m0 = machineCpuMs();
  const p0 = process.cpuUsage();
  const result = await fn();
  const p = process.cpuUsage(p0);
  const m1 = machineCpuMs();
  return { result, processMs: (p.user + p.system) / 1000, machineMs: m0 && m1 ? m1.busy - m0.busy : undefined };
}
