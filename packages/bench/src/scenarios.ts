import type { RatePhase } from './poisson.ts';

export const SCENARIOS = ['homogeneous', 'slow-pod', 'fast-503', 'burst'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** Faults applied through pod-sim's admin API, pod index → partial fault settings. */
export type PodFaults = Record<number, Record<string, unknown>>;

export interface ScenarioPlan {
  faults: PodFaults;
  phases: RatePhase[];
}

/**
 * The load shape and faults of a scenario at `rate` requests/s for `durationMs`.
 * - slow-pod: a noisy neighbour makes one pod 3x slower.
 * - fast-503: one pod answers 20% of requests with an immediate 503 (it looks fast and idle to naive balancers).
 * - burst: twice the load for 10 s (scaled down in quick mode) in the middle of the run.
 */
export function planScenario(
  scenario: Scenario,
  rate: number,
  durationMs: number,
  burstMs: number,
): ScenarioPlan {
  switch (scenario) {
    case 'homogeneous':
      return { faults: {}, phases: [{ durationMs, ratePerSec: rate }] };
    case 'slow-pod':
      return { faults: { 0: { slowdown: 3 } }, phases: [{ durationMs, ratePerSec: rate }] };
    case 'fast-503':
      return { faults: { 0: { errorRate: 0.2 } }, phases: [{ durationMs, ratePerSec: rate }] };
    case 'burst': {
      const before = Math.max(0, (durationMs - burstMs) / 2);
      return {
        faults: {},
        phases: [
          { durationMs: before, ratePerSec: rate },
          { durationMs: burstMs, ratePerSec: rate * 2 },
          { durationMs: before, ratePerSec: rate },
        ],
      };
    }
  }
}

/** Resets every fault knob of a pod to normal. */
export const NO_FAULTS = {
  slowdown: 1,
  errorRate: 0,
  hang: false,
  crashAfterTokens: null,
  unhealthy: false,
} as const;
