/**
 * Smallest fleet meeting a latency SLO: bracket from the ideal bound, bisect with short runs, then confirm
 * with a long run (stepping up if the confirmation fails, since short runs can miss slow queue build-up near
 * capacity). The measurement is injected, so the search itself is unit-testable without simulating.
 */
import type { LatencySummary } from '../types.ts';

/** What the search reads from a run: a FleetResult, or the pooled reference's result. */
export interface SearchMeasurement {
  latency: Pick<LatencySummary, 'p99'>;
  withinSloShare: number;
  cpuMs: number;
}

export interface SloCriteria {
  /** p99 latency of all requests must be below this (ms). */
  p99Ms: number;
  /** Share of requests that must succeed within the SLO (default 0.99: failures count against p99). */
  minWithinSloShare?: number;
}

export function meetsSlo(result: SearchMeasurement, slo: SloCriteria): boolean {
  return result.latency.p99 < slo.p99Ms && result.withinSloShare >= (slo.minWithinSloShare ?? 0.99);
}

export interface SearchStep {
  pods: number;
  phase: 'bracket' | 'bisect' | 'confirm';
  ok: boolean;
  p99Ms: number;
  withinSloShare: number;
  cpuMs: number;
}

export interface FindMinPodsOptions<R extends SearchMeasurement> {
  /** Starting estimate (e.g. the ideal bound); the bracket starts here. */
  estimate: number;
  slo: SloCriteria;
  /** Stop bisecting when hi − lo ≤ max(1, precision × hi) (default 0.02). */
  precision?: number;
  /** Give up (infeasible) above this many pods. */
  maxPods: number;
  /** Short run used while searching. */
  measure: (pods: number) => R;
  /** Long run used to confirm the answer; omit to skip confirmation. */
  confirm?: (pods: number) => R;
  /** Progress callback. */
  onStep?: (step: SearchStep) => void;
}

export type FindMinPodsResult<R extends SearchMeasurement> =
  | { feasible: true; pods: number; steps: SearchStep[]; confirmed: R | undefined }
  | { feasible: false; reason: string; steps: SearchStep[] };

const MAX_CONFIRM_ATTEMPTS = 4;

export function findMinPods<R extends SearchMeasurement>(
  options: FindMinPodsOptions<R>,
): FindMinPodsResult<R> {
  const { slo, maxPods } = options;
  const precision = options.precision ?? 0.02;
  const steps: SearchStep[] = [];
  const probe = (pods: number, phase: SearchStep['phase'], run: (pods: number) => R) => {
    const result = run(pods);
    const step: SearchStep = {
      pods,
      phase,
      ok: meetsSlo(result, slo),
      p99Ms: result.latency.p99,
      withinSloShare: result.withinSloShare,
      cpuMs: result.cpuMs,
    };
    steps.push(step);
    options.onStep?.(step);
    return { step, result };
  };

  // Bracket: find lo failing and hi passing, growing geometrically from the estimate.
  let lo = 0;
  let hi = Math.max(1, Math.ceil(options.estimate));
  for (;;) {
    if (probe(hi, 'bracket', options.measure).step.ok) break;
    lo = hi;
    if (hi >= maxPods) return { feasible: false, reason: `SLO not met even with ${hi} pods`, steps };
    hi = Math.min(maxPods, Math.ceil(hi * 1.5));
  }
  if (lo === 0) {
    // The estimate already passes: walk down until a size fails (or 1 pod passes).
    for (let next = Math.floor(hi * 0.8); next >= 1; next = Math.floor(hi * 0.8)) {
      if (!probe(next, 'bracket', options.measure).step.ok) {
        lo = next;
        break;
      }
      hi = next;
      if (next === 1) break;
    }
  }
  // Bisect (invariant: hi passes, lo fails or is 0).
  while (hi - lo > Math.max(1, precision * hi)) {
    const mid = Math.floor((lo + hi) / 2);
    if (probe(mid, 'bisect', options.measure).step.ok) hi = mid;
    else lo = mid;
  }
  if (options.confirm === undefined) return { feasible: true, pods: hi, steps, confirmed: undefined };
  // Confirmation: step up by 2 %, 4 %, 6 % … of the fleet until the long run passes.
  for (let attempt = 1; attempt <= MAX_CONFIRM_ATTEMPTS; attempt++) {
    const { step, result } = probe(hi, 'confirm', options.confirm);
    if (step.ok) return { feasible: true, pods: hi, steps, confirmed: result };
    hi = Math.min(maxPods, Math.ceil(hi * (1 + attempt * Math.max(precision, 0.02))));
  }
  return {
    feasible: false,
    reason: `short runs passed but ${MAX_CONFIRM_ATTEMPTS} confirmation runs failed`,
    steps,
  };
}
