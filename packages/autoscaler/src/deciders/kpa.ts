/**
 * Knative's KPA decision (knative/serving pkg/autoscaler/scaling/autoscaler.go, `Scale`), reproduced step for
 * step for the concurrency metric:
 *   - ready pods count as at least 1; scale-up is capped at ceil(maxScaleUpRate × ready), scale-down at
 *     floor(ready / maxScaleDownRate) (0 when the revision is unreachable);
 *   - desired = ceil(windowed total concurrency / per-pod target), clamped to those bounds, then raised to
 *     activationScale when there is any demand;
 *   - panic starts when ceil(panic / target) / ready ≥ panicThreshold, is extended while over it, and ends only
 *     once a full stable window has passed since the last time it was over; while panicking the count never
 *     drops (it is the max seen during this panic);
 *   - with scaleDownDelay > 0 (and the revision reachable) the result is the max over a delay window in 2 s
 *     buckets (Knative's tickInterval).
 * One deliberate difference: Knative starts a new autoscaler in panic when it finds > 1 ready pods (it lost its
 * history on restart); a decider created here starts calm.
 */
import { MaxTimeWindow } from './max-time-window.ts';
import type { DecideInput, DecideResult, Decider } from './types.ts';

export interface KpaConfig {
  /** Per-pod target concurrency, already multiplied by the target utilisation (Knative: target × 0.7). */
  targetConcurrencyPerPod: number;
  /** Knative max-scale-up-rate. Default 1000. */
  maxScaleUpRate?: number;
  /** Knative max-scale-down-rate. Default 2. */
  maxScaleDownRate?: number;
  /** Panic when the panic-window demand is this multiple of ready pods. Knative default 200% → 2.0. */
  panicThreshold?: number;
  /** Knative stable-window. Default 60 000 ms. */
  stableWindowMs?: number;
  /** Knative scale-down-delay. Default 0 (none). */
  scaleDownDelayMs?: number;
  /** Knative activation-scale: lowest non-zero scale. Default 1. */
  activationScale?: number;
  /** False when the revision gets no traffic (another revision serves it): scale-down is then unbounded. */
  reachable?: boolean;
}

/** Knative's autoscaler tick, also the delay window's bucket size. */
export const KPA_TICK_MS = 2_000;

export const KPA_DEFAULTS = {
  maxScaleUpRate: 1000,
  maxScaleDownRate: 2,
  panicThreshold: 2,
  stableWindowMs: 60_000,
  scaleDownDelayMs: 0,
  activationScale: 1,
  reachable: true,
} as const;

export interface KpaDecider extends Decider {
  /** Replace the configuration (Knative `Update`); panic state and the delay window are kept. */
  update(config: KpaConfig): void;
}

export function createKpaDecider(config: KpaConfig): KpaDecider {
  let spec = resolve(config);
  // NaN = not panicking (Knative's zero time.Time).
  let panicTime = Number.NaN;
  let maxPanicPods = 0;
  const delayWindow =
    spec.scaleDownDelayMs > 0 ? new MaxTimeWindow(spec.scaleDownDelayMs, KPA_TICK_MS) : null;

  return {
    update(next) {
      spec = resolve(next);
    },
    decide(input: DecideInput): DecideResult {
      const ready = Math.max(1, input.readyPods);
      const target = spec.targetConcurrencyPerPod;

      const maxScaleUp = Math.ceil(spec.maxScaleUpRate * ready);
      const maxScaleDown = spec.reachable ? Math.floor(ready / spec.maxScaleDownRate) : 0;

      const dspc = Math.ceil(input.stableConcurrency / target);
      const dppc = Math.ceil(input.panicConcurrency / target);

      let desiredStable = Math.min(Math.max(dspc, maxScaleDown), maxScaleUp);
      let desiredPanic = Math.min(Math.max(dppc, maxScaleDown), maxScaleUp);
      if (spec.activationScale > 1) {
        if (dspc > 0 && spec.activationScale > desiredStable) desiredStable = spec.activationScale;
        if (dppc > 0 && spec.activationScale > desiredPanic) desiredPanic = spec.activationScale;
      }

      const overThreshold = dppc / ready >= spec.panicThreshold;
      if (overThreshold) {
        panicTime = input.now;
      } else if (!Number.isNaN(panicTime) && panicTime + spec.stableWindowMs < input.now) {
        panicTime = Number.NaN;
        maxPanicPods = 0;
      }

      let desired = desiredStable;
      const inPanic = !Number.isNaN(panicTime);
      if (inPanic) {
        // Provision for whichever window is larger, and never decrease while panicking.
        desired = Math.max(desired, desiredPanic);
        maxPanicPods = Math.max(maxPanicPods, desired);
        desired = maxPanicPods;
      }

      // An unreachable revision (no traffic routed to it) scales down at once (Knative's NotReachable test).
      if (delayWindow && spec.reachable) {
        delayWindow.record(input.now, desired);
        desired = delayWindow.current();
      }
      return { desiredPods: desired, inPanic };
    },
  };
}

function resolve(config: KpaConfig): Required<KpaConfig> {
  if (!(config.targetConcurrencyPerPod > 0)) throw new RangeError('targetConcurrencyPerPod must be > 0');
  return {
    ...KPA_DEFAULTS,
    ...stripUndefined(config),
    targetConcurrencyPerPod: config.targetConcurrencyPerPod,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
