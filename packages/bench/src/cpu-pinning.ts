import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** Which CPUs the system under test runs on, apart from the pods and the load generator. */
export interface CpuPinning {
  /** taskset's CPU list for the system under test; undefined when not pinned. */
  systemCpus?: string;
  /** For the report: what ran where. */
  label: string;
}

/**
 * A proxy in production has cores of its own; on the benchmark's shared machine it would otherwise compete with
 * the simulated pods and the load generator for the same two cores, and every time the scheduler preempts it,
 * its requests wait (a C proxy using 0.06 of a core is rarely running when that happens; a Node.js gateway using
 * 0.3 is). So the system under test, whichever it is, gets the last CPU; this process (the load generator) and
 * the pods it starts afterwards inherit the others. Linux only (taskset, from util-linux).
 */
export function pinCpus(enabled: boolean): CpuPinning {
  const cpus = availableParallelism();
  if (!enabled) return { label: 'not pinned (--no-pin): every process may run on every CPU' };
  if (cpus < 2) return { label: 'not pinned: one CPU' };
  const rest = cpus === 2 ? '0' : `0-${cpus - 2}`;
  const pinned = spawnSync('taskset', ['-a', '-p', '-c', rest, String(process.pid)], { encoding: 'utf8' });
  if (pinned.error || pinned.status !== 0) {
    return { label: `not pinned: taskset failed (${pinned.error?.message ?? pinned.stderr.trim()})` };
  }
  const system = String(cpus - 1);
  return {
    systemCpus: system,
    label: `system under test on CPU ${system}; load generator and pods on CPU ${rest}`,
  };
}
