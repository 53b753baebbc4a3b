import { readdirSync, readFileSync } from 'node:fs';

/**
 * The fields of /proc/<pid>/stat after the parenthesised command name (which may contain spaces): index 0 is
 * field 3 (state), so field N (1-based) is at N − 3. Undefined if the process or /proc is not there.
 */
function statFields(pid: number | string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc; undefined where /proc is unavailable. */
export function cpuSeconds(pid: number): number | undefined {
  const fields = statFields(pid);
  if (!fields) return undefined;
  // utime and stime are fields 14 and 15.
  return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux.
}

/**
 * The process and all its descendants: nginx does its work in worker processes its master forked, so the
 * master's own CPU is nearly zero. Empty where /proc is unavailable.
 */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(entry);
    if (!fields) continue; // exited while we looked
    const ppid = Number(fields[1]); // field 4
    const siblings = children.get(ppid) ?? [];
    siblings.push(Number(entry));
    children.set(ppid, siblings);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

export interface MeteredProcess {
  pid: number;
  /** Count its descendants too (a proxy's workers); not for the load generator, whose children are the rest. */
  withChildren: boolean;
}

/** CPU seconds of each process measured, by pid. */
function cpuByPid({ pid: root, withChildren }: MeteredProcess): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of withChildren ? processTree(root) : [root]) {
    const s = cpuSeconds(pid);
    if (s !== undefined) out.set(pid, s);
  }
  return out;
}

/** Measures the CPU share each named process (with its child processes, if asked) used over an interval. */
export class CpuMeter {
  private readonly start = new Map<string, Map<number, number>>();
  private startedAt = 0;

  constructor(private readonly processes: ReadonlyMap<string, MeteredProcess>) {}

  begin(): void {
    this.startedAt = performance.now();
    for (const [name, process] of this.processes) this.start.set(name, cpuByPid(process));
  }

  /**
   * Cores used on average per process tree since begin(), e.g. 0.35 = 35% of one core. A child started in
   * the interval counts whole; one that exited in it is missed (the benchmark's processes live throughout).
   */
  end(): Record<string, number> {
    const elapsedSec = (performance.now() - this.startedAt) / 1000;
    const out: Record<string, number> = {};
    for (const [name, process] of this.processes) {
      const before = this.start.get(name);
      const after = cpuByPid(process);
      if (before === undefined || !after.has(process.pid) || !(elapsedSec > 0)) continue;
      let used = 0;
      for (const [child, seconds] of after) used += seconds - (before.get(child) ?? 0);
      out[name] = Math.round((used / elapsedSec) * 1000) / 1000;
    }
    return out;
  }
}
