/**
 * The Kubernetes HorizontalPodAutoscaler (autoscaling/v2) for one Pods metric — average in-flight requests per
 * pod against an averageValue target — as kube-controller-manager computes it:
 *   1. replica_calculator.go calcPlainMetricReplicas: usage ratio = mean metric over pods with metrics / target;
 *      within the tolerance (0.1) keep the current count; otherwise ceil(ratio × pods with metrics). Pods that
 *      are not yet running (starting) are ignored, but counted as 0 on a scale-up; ready pods with missing
 *      metrics count as 0 on a scale-up and as exactly the target on a scale-down; if that re-computation flips
 *      the direction or lands within tolerance, keep the current count.
 *   2. horizontal.go stabilizeRecommendationWithBehaviors: the result is clamped between the min of the
 *      recommendations in the scale-up stabilisation window (0 s) and the max of those in the scale-down
 *      window (300 s).
 *   3. convertDesiredReplicasWithBehaviorRate: scale-up limited by the larger of +4 pods and +100 % per 15 s,
 *      scale-down by −100 % per 15 s, both measured from the replica count at the period's start.
 * `currentReplicas` is the Deployment's spec.replicas, i.e. ready + starting pods.
 */
import type { DecideInput, DecideResult, Decider } from './types.ts';

export interface HpaScalingPolicy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

export interface HpaScalingRules {
  stabilizationWindowSeconds: number;
  selectPolicy: 'Max' | 'Min' | 'Disabled';
  policies: HpaScalingPolicy[];
}

export interface HpaConfig {
  /** Target average in-flight requests per pod (the Pods metric's averageValue). */
  targetConcurrencyPerPod: number;
  /** --horizontal-pod-autoscaler-tolerance. Default 0.1. */
  tolerance?: number;
  /** spec.minReplicas. Default 1. */
  minReplicas?: number;
  /** spec.maxReplicas. Default unbounded. */
  maxReplicas?: number;
  /** behavior.scaleUp. Default: stabilisation 0 s, Max of {4 pods, 100 %} per 15 s. */
  scaleUp?: HpaScalingRules;
  /** behavior.scaleDown. Default: stabilisation 300 s, 100 % per 15 s. */
  scaleDown?: HpaScalingRules;
  /** Which window average stands for the scraped metric. Default 'stable' (a 60 s avg_over_time). */
  metricWindow?: 'stable' | 'panic';
}

export const HPA_DEFAULT_SCALE_UP: HpaScalingRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};

export const HPA_DEFAULT_SCALE_DOWN: HpaScalingRules = {
  stabilizationWindowSeconds: 300,
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

/** kube-controller-manager --horizontal-pod-autoscaler-sync-period. */
export const HPA_SYNC_PERIOD_MS = 15_000;

interface Timestamped {
  at: number;
  value: number;
}

/** Step 1: replica count from the metric alone (replica_calculator.go, plain Pods metric). */
export function hpaMetricReplicas(args: {
  currentReplicas: number;
  readyPods: number;
  startingPods: number;
  podsWithMetrics: number;
  totalConcurrency: number;
  target: number;
  tolerance: number;
}): number {
  const { currentReplicas, startingPods, podsWithMetrics, totalConcurrency, target, tolerance } = args;
  const missing = Math.max(0, args.readyPods - podsWithMetrics);
  // "did not receive metrics for any ready pods": the HPA makes no change.
  if (podsWithMetrics <= 0) return currentReplicas;
  const usageRatio = totalConcurrency / podsWithMetrics / target;
  const rebalanceIgnored = startingPods > 0 && usageRatio > 1;
  if (!rebalanceIgnored && missing === 0) {
    if (Math.abs(1 - usageRatio) <= tolerance) return currentReplicas;
    return Math.ceil(usageRatio * podsWithMetrics);
  }
  let sum = totalConcurrency;
  let count = podsWithMetrics;
  if (missing > 0) {
    // Scale-down: assume the silent pods sit exactly at target; scale-up: assume they are idle.
    sum += usageRatio < 1 ? missing * target : 0;
    count += missing;
  }
  if (rebalanceIgnored) count += startingPods;
  const newRatio = sum / count / target;
  if (
    Math.abs(1 - newRatio) <= tolerance ||
    (usageRatio < 1 && newRatio > 1) ||
    (usageRatio > 1 && newRatio < 1)
  ) {
    return currentReplicas;
  }
  const replicas = Math.ceil(newRatio * count);
  if ((newRatio < 1 && replicas > currentReplicas) || (newRatio > 1 && replicas < currentReplicas)) {
    return currentReplicas;
  }
  return replicas;
}

export function createHpaDecider(config: HpaConfig): Decider {
  if (!(config.targetConcurrencyPerPod > 0)) throw new RangeError('targetConcurrencyPerPod must be > 0');
  const tolerance = config.tolerance ?? 0.1;
  const minReplicas = config.minReplicas ?? 1;
  const maxReplicas = config.maxReplicas ?? Number.MAX_SAFE_INTEGER;
  const up = config.scaleUp ?? HPA_DEFAULT_SCALE_UP;
  const down = config.scaleDown ?? HPA_DEFAULT_SCALE_DOWN;
  const recommendations: Timestamped[] = [];
  const upEvents: Timestamped[] = [];
  const downEvents: Timestamped[] = [];
  const longestPeriodMs =
    Math.max(0, ...up.policies.map((p) => p.periodSeconds), ...down.policies.map((p) => p.periodSeconds)) *
    1000;

  const changeInPeriod = (events: Timestamped[], now: number, periodSeconds: number) => {
    let sum = 0;
    for (const e of events) if (e.at > now - periodSeconds * 1000) sum += e.value;
    return sum;
  };

  const scaleUpLimit = (current: number, now: number) => {
    if (up.selectPolicy === 'Disabled') return current;
    let result = up.selectPolicy === 'Min' ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
    for (const p of up.policies) {
      const start =
        current -
        changeInPeriod(upEvents, now, p.periodSeconds) +
        changeInPeriod(downEvents, now, p.periodSeconds);
      const proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
      result = up.selectPolicy === 'Min' ? Math.min(result, proposed) : Math.max(result, proposed);
    }
    return result;
  };

  const scaleDownLimit = (current: number, now: number) => {
    if (down.selectPolicy === 'Disabled') return current;
    let result = down.selectPolicy === 'Min' ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
    for (const p of down.policies) {
      const start =
        current -
        changeInPeriod(upEvents, now, p.periodSeconds) +
        changeInPeriod(downEvents, now, p.periodSeconds);
      const proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
      result = down.selectPolicy === 'Min' ? Math.max(result, proposed) : Math.min(result, proposed);
    }
    return result;
  };

  let initialised = false;

  return {
    decide(input: DecideInput): DecideResult {
      const now = input.now;
      const starting = input.startingPods ?? 0;
      const current = input.readyPods + starting;
      const withMetrics = Math.min(input.readyPods, input.podsWithMetrics ?? input.readyPods);
      // An HPA does nothing for a workload scaled to zero.
      if (current === 0) return { desiredPods: 0, inPanic: false };
      // maybeInitScaleDownStabilizationWindow: a new HPA remembers the current count as a recommendation.
      if (!initialised) {
        initialised = true;
        if (down.stabilizationWindowSeconds > 0) recommendations.push({ at: now, value: current });
      }

      const metricReplicas = hpaMetricReplicas({
        currentReplicas: current,
        readyPods: input.readyPods,
        startingPods: starting,
        podsWithMetrics: withMetrics,
        totalConcurrency: config.metricWindow === 'panic' ? input.panicConcurrency : input.stableConcurrency,
        target: config.targetConcurrencyPerPod,
        tolerance,
      });

      // Stabilise: min over the scale-up window, max over the scale-down window (horizontal.go).
      let upRec = metricReplicas;
      let downRec = metricReplicas;
      const upCutoff = now - up.stabilizationWindowSeconds * 1000;
      const downCutoff = now - down.stabilizationWindowSeconds * 1000;
      for (const r of recommendations) {
        if (r.at > upCutoff) upRec = Math.min(upRec, r.value);
        if (r.at > downCutoff) downRec = Math.max(downRec, r.value);
      }
      let stabilized = Math.min(Math.max(current, upRec), downRec);
      recommendations.push({ at: now, value: metricReplicas });
      prune(recommendations, Math.min(upCutoff, downCutoff));

      // Rate limits (convertDesiredReplicasWithBehaviorRate), then min/max replicas.
      if (stabilized > current) {
        const limit = Math.min(maxReplicas, Math.max(current, scaleUpLimit(current, now)));
        stabilized = Math.min(stabilized, limit);
      } else if (stabilized < current) {
        const limit = Math.max(minReplicas, Math.min(current, scaleDownLimit(current, now)));
        stabilized = Math.max(stabilized, limit);
      }
      const desired = Math.min(maxReplicas, Math.max(minReplicas, stabilized));

      if (desired > current) upEvents.push({ at: now, value: desired - current });
      if (desired < current) downEvents.push({ at: now, value: current - desired });
      prune(upEvents, now - longestPeriodMs);
      prune(downEvents, now - longestPeriodMs);
      return { desiredPods: desired, inPanic: false };
    },
  };
}

/** Drops entries at or before `cutoff` (kept in time order, so from the front). */
function prune(list: Timestamped[], cutoff: number): void {
  let drop = 0;
  while (drop < list.length && list[drop]!.at <= cutoff) drop++;
  if (drop > 0) list.splice(0, drop);
}
