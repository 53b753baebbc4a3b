import { readFileSync } from 'node:fs';

/** CPU seconds (user + system) a process has used so far, from /proc; undefined where /proc is unavailable. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15 (1-based).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / 100; // USER_HZ is 100 on Linux.
  } catch {
    return undefined;
  }
}

/** Measures the CPU share each named process used over an interval. */
export class CpuMeter {
  private readonly start = new Map<string, number>();
  private startedAt = 0;

  constructor(private readonly processes: ReadonlyMap<string, number>) {}

  begin(): void {
    this.startedAt = performance.now();
    for (const [name, pid] of this.processes) {
      const s = cpuSeconds(pid);
      if (s !== undefined) this.start.set(name, s);
    }
  }

  /** Cores used on average per process since begin(), e.g. 0.35 = 35% of one core. */
  end(): Record<string, number> {
    const elapsedSec = (performance.now() - this.startedAt) / 1000;
    const out: Record<string, number> = {};
    for (const [name, pid] of this.processes) {
      const before = this.start.get(name);
      const after = cpuSeconds(pid);
      if (before !== undefined && after !== undefined && elapsedSec > 0) {
        out[name] = Math.round(((after - before) / elapsedSec) * 1000) / 1000;
      }
    }
    return out;
  }
}
