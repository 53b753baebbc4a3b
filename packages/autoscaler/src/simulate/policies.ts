/**
 * The three policies as `simulate` runs them (see deciders/create-decider.ts for their defaults), with each
 * one's decision cadence: KPA and redline tick every 2 s (Knative's tickInterval), the HPA syncs every 15 s.
 * Knative extrapolates missing pods from the scraped mean; the HPA and redline see podsWithMetrics.
 */
import { createDecider } from '../deciders/create-decider.ts';
import type { DiurnalMemoryOptions } from '../deciders/diurnal-memory.ts';
import { HPA_SYNC_PERIOD_MS } from '../deciders/hpa.ts';
import { KPA_TICK_MS } from '../deciders/kpa.ts';
import type { ThroughputPoint } from '../deciders/throughput-curve.ts';
import type { Decider, DeciderName } from '../deciders/types.ts';

export { DECIDER_NAMES as POLICY_NAMES } from '../deciders/create-decider.ts';

export interface PolicySetup {
  name: DeciderName;
  decider: Decider;
  decideEveryMs: number;
  extrapolateMissing: boolean;
}

export function setupPolicy(
  name: DeciderName,
  calibrated: { targetConcurrencyPerPod: number; curve: readonly ThroughputPoint[] },
  memory?: DiurnalMemoryOptions,
): PolicySetup {
  return {
    name,
    decider: createDecider(name, calibrated, memory),
    decideEveryMs: name === 'hpa' ? HPA_SYNC_PERIOD_MS : KPA_TICK_MS,
    extrapolateMissing: name === 'kpa',
  };
}
