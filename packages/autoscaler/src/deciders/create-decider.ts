/**
 * One place that turns a calibrated target into each policy with its documented defaults, shared by the
 * controller CLI and the simulator so both run the same thing.
 *   - kpa: Knative defaults; target utilisation 70 % (container-concurrency-target-percentage).
 *   - hpa: Kubernetes defaults on average concurrency per pod, same 70 % of the calibrated target.
 *   - redline: its own defaults (80 %) plus the calibrated throughput curve.
 */
import type { DiurnalMemoryOptions } from './diurnal-memory.ts';
import { createHpaDecider } from './hpa.ts';
import { createKpaDecider } from './kpa.ts';
import { createRedlineDecider } from './redline.ts';
import type { ThroughputPoint } from './throughput-curve.ts';
import type { Decider, DeciderName } from './types.ts';

/** Knative's container-concurrency-target-percentage default. */
export const KNATIVE_TARGET_UTILIZATION = 0.7;

export const DECIDER_NAMES: readonly DeciderName[] = ['kpa', 'hpa', 'redline'];

export interface CalibratedTarget {
  /** Highest per-pod concurrency meeting the SLO. */
  targetConcurrencyPerPod: number;
  /** Concurrency → throughput points (redline only). */
  curve?: readonly ThroughputPoint[];
}

export function createDecider(
  name: DeciderName,
  target: CalibratedTarget,
  memory?: DiurnalMemoryOptions,
): Decider {
  const T = target.targetConcurrencyPerPod;
  switch (name) {
    case 'kpa':
      return createKpaDecider({ targetConcurrencyPerPod: T * KNATIVE_TARGET_UTILIZATION });
    case 'hpa':
      return createHpaDecider({ targetConcurrencyPerPod: T * KNATIVE_TARGET_UTILIZATION });
    case 'redline':
      return createRedlineDecider({ targetConcurrencyPerPod: T, curve: target.curve, memory });
  }
}
