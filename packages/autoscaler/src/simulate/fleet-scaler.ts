/**
 * Adapts a Decider to fleet-sim's FleetScaler. The simulator calls us every `sampleEveryMs` (1 s, Knative's
 * scrape period): each call feeds the ConcurrencyWindows; every `decideEveryMs` (KPA 2 s, HPA 15 s) the decider
 * runs. Pods that report no metrics are simply absent from inFlightPerPod.
 */
import type { FleetScaler, ScalerInput } from '@redline/fleet-sim';
import type { Decider } from '../deciders/types.ts';
import { ConcurrencyWindows, type ConcurrencyWindowsOptions } from '../windows/concurrency-windows.ts';

export interface DecisionRecord {
  t: number;
  current: number;
  desired: number;
  inPanic: boolean;
}

export interface RecordingFleetScaler extends FleetScaler {
  readonly decisions: DecisionRecord[];
}

export interface FleetScalerOptions {
  decideEveryMs: number;
  sampleEveryMs?: number;
  windows?: ConcurrencyWindowsOptions;
  /**
   * Knative extrapolates from the pods it scraped to all ready pods (mean × ready); the HPA and redline get
   * the sum over reporting pods plus podsWithMetrics and apply their own rule.
   */
  extrapolateMissing?: boolean;
  /**
   * Until this time only samples are recorded and the current count is kept: the simulated fleet starts
   * empty, and no real autoscaler starts with empty windows on a loaded service. Default 60 000 ms.
   */
  warmupMs?: number;
}

export function createFleetScaler(decider: Decider, options: FleetScalerOptions): RecordingFleetScaler {
  const sampleEvery = options.sampleEveryMs ?? 1_000;
  const windows = new ConcurrencyWindows(options.windows);
  const decisions: DecisionRecord[] = [];
  let lastDecisionAt = Number.NEGATIVE_INFINITY;
  let desired = -1;

  return {
    intervalMs: sampleEvery,
    decisions,
    decide(input: ScalerInput): number {
      const reporting = input.inFlightPerPod.length;
      let total = 0;
      for (const n of input.inFlightPerPod) total += n;
      const sample =
        options.extrapolateMissing && reporting > 0 ? (total / reporting) * input.readyPods : total;
      windows.record(input.now, sample);
      const current = input.readyPods + input.startingPods;
      if (input.now < (options.warmupMs ?? 60_000)) return current;
      if (desired >= 0 && input.now - lastDecisionAt < options.decideEveryMs) return desired;
      lastDecisionAt = input.now;
      const avg = windows.averages(input.now);
      const result = decider.decide({
        now: input.now,
        readyPods: input.readyPods,
        startingPods: input.startingPods,
        stableConcurrency: avg.stable,
        panicConcurrency: avg.panic,
        podsWithMetrics: options.extrapolateMissing ? input.readyPods : reporting,
      });
      desired = result.desiredPods;
      decisions.push({ t: input.now, current, desired, inPanic: result.inPanic });
      return desired;
    },
  };
}
