import { describe, expect, it } from 'vitest';
import { createKpaDecider, type KpaConfig } from './kpa.ts';

/**
 * Cases ported from knative/serving pkg/autoscaler/scaling/autoscaler_test.go. Knative's harness
 * (newTestAutoscaler) uses maxScaleUpRate 10, maxScaleDownRate 10, panicThreshold 2, a 60 s stable window and
 * starts with 1 ready pod, not panicking.
 */
const harness = (target: number, extra: Partial<KpaConfig> = {}): KpaConfig => ({
  targetConcurrencyPerPod: target,
  maxScaleUpRate: 10,
  maxScaleDownRate: 10,
  panicThreshold: 2,
  stableWindowMs: 60_000,
  reachable: true,
  ...extra,
});

interface Step {
  /** ms since the case's start. */
  at: number;
  ready: number;
  stable: number;
  panic: number;
  want: number;
  wantPanic?: boolean;
}

interface Case {
  name: string;
  config: KpaConfig;
  steps: Step[];
}

const S = 1_000;
const MIN = 60_000;

const cases: Case[] = [
  {
    name: 'AutoscalerPanicModeDoublePodCount: panic wins',
    config: harness(10),
    steps: [{ at: 0, ready: 1, stable: 50, panic: 100, want: 10, wantPanic: true }],
  },
  {
    name: 'RateLimitScaleUp: x10 per decision',
    config: harness(10),
    steps: [
      { at: 0, ready: 1, stable: 1000, panic: 1001, want: 10 },
      { at: 0, ready: 10, stable: 1000, panic: 1001, want: 100 },
    ],
  },
  {
    name: 'RateLimitScaleDown: /10 per decision',
    config: harness(10),
    steps: [
      { at: 0, ready: 100, stable: 1, panic: 1, want: 10 },
      { at: 0, ready: 10, stable: 1, panic: 1, want: 1 },
    ],
  },
  {
    name: 'PanicModeExponentialTrackAndStabilize',
    config: harness(1),
    steps: [
      { at: 0, ready: 1, stable: 6, panic: 6, want: 6, wantPanic: true },
      { at: 0, ready: 6, stable: 36, panic: 36, want: 36 },
      { at: S, ready: 36, stable: 216, panic: 216, want: 216 },
      { at: S, ready: 216, stable: 1296, panic: 1296, want: 1296 },
      { at: 2 * S, ready: 1296, stable: 1296, panic: 1296, want: 1296 },
    ],
  },
  {
    name: 'UseOnePodAsMinimumIfEndpointsNotFound: ready 0 counts as 1',
    config: harness(10),
    steps: [{ at: 0, ready: 0, stable: 1000, panic: 888, want: 10 }],
  },
  {
    name: 'StableModeIncreaseWithConcurrencyDefault',
    config: harness(10),
    steps: [
      { at: 0, ready: 1, stable: 50, panic: 10, want: 5, wantPanic: false },
      { at: 0, ready: 1, stable: 100, panic: 10, want: 10 },
    ],
  },
  {
    name: 'StableModeDecrease',
    config: harness(10),
    steps: [
      { at: 0, ready: 8, stable: 100, panic: 100, want: 10 },
      { at: 0, ready: 8, stable: 50, panic: 50, want: 5 },
    ],
  },
  {
    name: 'StableModeNoTrafficScaleToZero',
    config: harness(10),
    steps: [
      { at: 0, ready: 1, stable: 1, panic: 0, want: 1 },
      { at: 0, ready: 1, stable: 0, panic: 0, want: 0 },
    ],
  },
  {
    name: 'StableModeNoChangeAlreadyScaled',
    config: harness(10),
    steps: [{ at: 0, ready: 5, stable: 50, panic: 50, want: 5 }],
  },
  {
    name: 'StableModeIncreaseWithSmallScaleUpRate: grows by at least one pod',
    config: harness(1, { maxScaleUpRate: 1.1 }),
    steps: [{ at: 0, ready: 2, stable: 3, panic: 3.1, want: 3 }],
  },
  {
    name: 'StableModeDecreaseWithSmallScaleDownRate',
    config: harness(10, { maxScaleDownRate: 1.1 }),
    steps: [{ at: 0, ready: 100, stable: 1, panic: 1, want: 90 }],
  },
  {
    name: 'StableModeDecreaseNonReachable: no scale-down bound',
    config: harness(10, { maxScaleDownRate: 1.1, reachable: false }),
    steps: [{ at: 0, ready: 100, stable: 1, panic: 1, want: 1 }],
  },
  {
    name: 'ActivationScale: lowest non-zero scale',
    config: harness(10, { activationScale: 2 }),
    steps: [
      { at: 0, ready: 1, stable: 0, panic: 0, want: 0 },
      { at: 0, ready: 1, stable: 1, panic: 0, want: 2 },
    ],
  },
  {
    name: 'PanicThenUnPanicScaleDown: panic holds for the stable window',
    config: harness(10),
    steps: [
      { at: 0, ready: 1, stable: 100, panic: 100, want: 10 },
      { at: 0, ready: 10, stable: 100, panic: 1000, want: 100, wantPanic: true },
      { at: 30 * S, ready: 10, stable: 1, panic: 1, want: 100, wantPanic: true },
      { at: 61 * S, ready: 10, stable: 1, panic: 1, want: 1, wantPanic: false },
    ],
  },
  {
    name: 'UnpanicAfterSlowIncrease',
    config: harness(1),
    steps: [
      { at: 0, ready: 10, stable: 11, panic: 25, want: 25, wantPanic: true },
      { at: 30 * S, ready: 40, stable: 30, panic: 41, want: 41, wantPanic: true },
      { at: 62 * S, ready: 55, stable: 50, panic: 56, want: 50, wantPanic: false },
    ],
  },
  {
    name: 'ExtendPanicWindow',
    config: harness(1),
    steps: [
      { at: 0, ready: 10, stable: 11, panic: 25, want: 25, wantPanic: true },
      { at: 30 * S, ready: 40, stable: 30, panic: 80, want: 80, wantPanic: true },
      // Panic was extended at 30 s, so it still holds at 62 s even though the surge is over.
      { at: 62 * S, ready: 80, stable: 50, panic: 56, want: 80, wantPanic: true },
      { at: 91 * S, ready: 80, stable: 50, panic: 56, want: 50, wantPanic: false },
    ],
  },
  {
    name: 'ScaleDownDelay simple',
    config: harness(10, { panicThreshold: 100, scaleDownDelayMs: 5 * MIN }),
    steps: [
      { at: 2 * S, ready: 0, stable: 40, panic: 40, want: 4 },
      { at: 5 * MIN, ready: 0, stable: 0, panic: 0, want: 4 },
      { at: 5 * MIN + 2 * S, ready: 0, stable: 0, panic: 0, want: 0 },
    ],
  },
  {
    name: 'ScaleDownDelay simple then gradual (one decider, as in Knative)',
    config: harness(10, { panicThreshold: 100, scaleDownDelayMs: 5 * MIN }),
    steps: [
      { at: 2 * S, ready: 0, stable: 40, panic: 40, want: 4 },
      { at: 5 * MIN, ready: 0, stable: 0, panic: 0, want: 4 },
      { at: 5 * MIN + 2 * S, ready: 0, stable: 0, panic: 0, want: 0 },
      { at: 9 * MIN, ready: 0, stable: 40, panic: 40, want: 4 },
      { at: 10 * MIN, ready: 0, stable: 30, panic: 30, want: 4 },
      { at: 11 * MIN, ready: 0, stable: 0, panic: 0, want: 4 },
      { at: 14 * MIN, ready: 0, stable: 0, panic: 0, want: 3 },
      { at: 15 * MIN, ready: 0, stable: 0, panic: 0, want: 0 },
    ],
  },
  {
    name: 'ScaleDownDelayZero: immediate scale-down',
    config: harness(10, { panicThreshold: 100, scaleDownDelayMs: 0 }),
    steps: [
      { at: 0, ready: 0, stable: 40, panic: 40, want: 4 },
      { at: 500, ready: 0, stable: 20, panic: 20, want: 2 },
    ],
  },
];

describe('createKpaDecider (Knative autoscaler_test.go cases)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const decider = createKpaDecider(c.config);
      c.steps.forEach((step, i) => {
        const got = decider.decide({
          now: step.at,
          readyPods: step.ready,
          stableConcurrency: step.stable,
          panicConcurrency: step.panic,
        });
        expect(got.desiredPods, `step ${i}`).toBe(step.want);
        if (step.wantPanic !== undefined) expect(got.inPanic, `step ${i} panic`).toBe(step.wantPanic);
      });
    });
  }

  it('ScaleDownDelayNotReachable: an unreachable revision skips the delay', () => {
    const config = harness(10, { panicThreshold: 100, scaleDownDelayMs: 5 * MIN });
    const decider = createKpaDecider(config);
    const input = { readyPods: 0 };
    expect(
      decider.decide({ ...input, now: 2 * S, stableConcurrency: 40, panicConcurrency: 40 }).desiredPods,
    ).toBe(4);
    expect(
      decider.decide({ ...input, now: MIN, stableConcurrency: 0, panicConcurrency: 0 }).desiredPods,
    ).toBe(4);
    decider.update({ ...config, reachable: false });
    expect(
      decider.decide({ ...input, now: 2 * S, stableConcurrency: 0, panicConcurrency: 0 }).desiredPods,
    ).toBe(0);
  });

  it('UpdateTarget: a new target applies on the next decision', () => {
    const decider = createKpaDecider(harness(10));
    expect(
      decider.decide({ now: 0, readyPods: 1, stableConcurrency: 100, panicConcurrency: 101 }).desiredPods,
    ).toBe(10);
    decider.update(harness(1));
    expect(
      decider.decide({ now: 0, readyPods: 10, stableConcurrency: 100, panicConcurrency: 101 }).desiredPods,
    ).toBe(100);
  });

  it('uses Knative defaults: scale-down at most halves per decision', () => {
    const decider = createKpaDecider({ targetConcurrencyPerPod: 10 });
    expect(
      decider.decide({ now: 0, readyPods: 100, stableConcurrency: 10, panicConcurrency: 10 }).desiredPods,
    ).toBe(50);
  });

  it('rejects a non-positive target', () => {
    expect(() => createKpaDecider({ targetConcurrencyPerPod: 0 })).toThrow(RangeError);
  });
});
