import { describe, expect, it } from 'vitest';
import { createHpaDecider, hpaMetricReplicas } from './hpa.ts';

const T = 10;
const S = 1_000;
const base = { target: T, tolerance: 0.1 };

describe('hpaMetricReplicas (replica_calculator.go)', () => {
  it('doubles when the metric is twice the target (HPA docs: 200m vs 100m)', () => {
    expect(
      hpaMetricReplicas({
        ...base,
        currentReplicas: 4,
        readyPods: 4,
        startingPods: 0,
        podsWithMetrics: 4,
        totalConcurrency: 80,
      }),
    ).toBe(8);
  });

  it('halves when the metric is half the target (HPA docs: 50m vs 100m)', () => {
    expect(
      hpaMetricReplicas({
        ...base,
        currentReplicas: 4,
        readyPods: 4,
        startingPods: 0,
        podsWithMetrics: 4,
        totalConcurrency: 20,
      }),
    ).toBe(2);
  });

  it('keeps the count inside the 10% tolerance', () => {
    const args = { ...base, currentReplicas: 4, readyPods: 4, startingPods: 0, podsWithMetrics: 4 };
    expect(hpaMetricReplicas({ ...args, totalConcurrency: 43 })).toBe(4);
    expect(hpaMetricReplicas({ ...args, totalConcurrency: 37 })).toBe(4);
    expect(hpaMetricReplicas({ ...args, totalConcurrency: 46 })).toBe(5);
  });

  it('on a scale-up counts pods with missing metrics as idle', () => {
    // 3 of 4 report avg 20 (ratio 2); the 4th counts as 0 → 60/4 = 15 → ratio 1.5 → 6.
    expect(
      hpaMetricReplicas({
        ...base,
        currentReplicas: 4,
        readyPods: 4,
        startingPods: 0,
        podsWithMetrics: 3,
        totalConcurrency: 60,
      }),
    ).toBe(6);
  });

  it('on a scale-down counts pods with missing metrics as exactly at target', () => {
    // 3 of 4 report avg 5 (ratio .5); the 4th counts as 10 → 25/4 → ratio .625 → ceil(2.5) = 3.
    expect(
      hpaMetricReplicas({
        ...base,
        currentReplicas: 4,
        readyPods: 4,
        startingPods: 0,
        podsWithMetrics: 3,
        totalConcurrency: 15,
      }),
    ).toBe(3);
  });

  it('keeps the count when missing metrics would flip the direction or land within tolerance', () => {
    // Without the missing pods: ratio .8 (scale down). With 2 silent pods at target: (16 + 20)/4 = 9 → .9 → keep.
    expect(
      hpaMetricReplicas({
        ...base,
        currentReplicas: 4,
        readyPods: 4,
        startingPods: 0,
        podsWithMetrics: 2,
        totalConcurrency: 16,
      }),
    ).toBe(4);
  });

  it('on a scale-up counts starting pods as idle (rebalanceIgnored)', () => {
    // 2 ready at avg 30 (ratio 3), 2 starting count as 0 → 60/4 = 15 → 6.
    expect(
      hpaMetricReplicas({
        ...base,
        currentReplicas: 4,
        readyPods: 2,
        startingPods: 2,
        podsWithMetrics: 2,
        totalConcurrency: 60,
      }),
    ).toBe(6);
  });

  it('makes no change when no ready pod has metrics', () => {
    expect(
      hpaMetricReplicas({
        ...base,
        currentReplicas: 5,
        readyPods: 3,
        startingPods: 2,
        podsWithMetrics: 0,
        totalConcurrency: 0,
      }),
    ).toBe(5);
  });
});

describe('createHpaDecider (behaviour defaults)', () => {
  const input = (now: number, ready: number, total: number, starting = 0) => ({
    now,
    readyPods: ready,
    startingPods: starting,
    stableConcurrency: total,
    panicConcurrency: total,
  });

  it('limits scale-up to max(+4 pods, +100%) per 15 s', () => {
    const hpa = createHpaDecider({ targetConcurrencyPerPod: T });
    // Needs 20; from 2 the limit is max(2+4, 2×2) = 6.
    expect(hpa.decide(input(0, 2, 200)).desiredPods).toBe(6);
    // 10 s later the +4 made at t=0 is still inside the period: start = 6 − 4 = 2 → limit 6.
    expect(hpa.decide(input(10 * S, 2, 200, 4)).desiredPods).toBe(6);
    // After 15 s the period restarts from 6: limit max(10, 12) = 12.
    expect(hpa.decide(input(15 * S, 6, 200)).desiredPods).toBe(12);
  });

  it('holds scale-down for the 300 s stabilisation window (rolling max of recommendations)', () => {
    const hpa = createHpaDecider({ targetConcurrencyPerPod: T });
    expect(hpa.decide(input(0, 10, 100)).desiredPods).toBe(10);
    expect(hpa.decide(input(15 * S, 10, 20)).desiredPods).toBe(10);
    expect(hpa.decide(input(299 * S, 10, 20)).desiredPods).toBe(10);
    // The recommendation of 10 at t=0 has left the window.
    expect(hpa.decide(input(301 * S, 10, 20)).desiredPods).toBe(2);
  });

  it('respects minReplicas and does nothing at zero replicas', () => {
    const hpa = createHpaDecider({ targetConcurrencyPerPod: T, minReplicas: 3 });
    expect(hpa.decide(input(0, 5, 0)).desiredPods).toBe(5);
    expect(hpa.decide(input(400 * S, 5, 0)).desiredPods).toBe(3);
    expect(createHpaDecider({ targetConcurrencyPerPod: T }).decide(input(0, 0, 50)).desiredPods).toBe(0);
  });

  it('never panics', () => {
    const hpa = createHpaDecider({ targetConcurrencyPerPod: T });
    expect(hpa.decide(input(0, 1, 10_000)).inPanic).toBe(false);
  });
});
