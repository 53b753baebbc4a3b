import { describe, expect, it } from 'vitest';
import { driveFleet, seededRandom } from '../../test/synthetic-load.ts';
import { createKpaDecider } from './kpa.ts';
import { createRedlineDecider } from './redline.ts';

const S = 1_000;
const MIN = 60_000;
// Te = 20 × 0.5 = 10 in-flight per pod with the linear model.
const base = { targetConcurrencyPerPod: 20, targetUtilization: 0.5 };
// The same, sizing the full height of every rise (no reversion to the recent level): for the tests of the
// mechanisms that do not depend on it.
const fullRise = { ...base, risePersistence: 1 };
const at = (
  now: number,
  ready: number,
  total: number,
  extra: { starting?: number; withMetrics?: number } = {},
) => ({
  now,
  readyPods: ready,
  startingPods: extra.starting ?? 0,
  podsWithMetrics: extra.withMetrics,
  stableConcurrency: total,
  panicConcurrency: total,
});

describe('createRedlineDecider', () => {
  it('sizes on load through the calibrated curve, not on raw concurrency', () => {
    const curve = [
      { concurrency: 10, throughputRps: 100 },
      { concurrency: 20, throughputRps: 150 },
      { concurrency: 40, throughputRps: 180 },
    ];
    const saturatedIsCapacity = {
      targetConcurrencyPerPod: 20,
      targetUtilization: 1,
      curve,
      maxExtrapolation: 1,
    };
    const redline = createRedlineDecider(saturatedIsCapacity);
    // 10 pods at 40 in flight each serve 1 800 req/s; at 150 req/s per pod that is 12 pods.
    expect(redline.decide(at(0, 10, 400)).desiredPods).toBe(12);
    // Past the curve the pods are saturated and queueing: the queue itself is not demand (1 800 req/s → 12)...
    expect(redline.decide(at(2 * S, 10, 4000)).desiredPods).toBe(12);
    // ...but its growth is: panic window 4 000 vs stable 1 000 over the 27 s between their centres ≈ 111 req/s
    // more than the 1 800 served → ceil(1 911 / 150) = 13.
    const growing = createRedlineDecider(saturatedIsCapacity);
    const input = { ...at(0, 10, 0), stableConcurrency: 1000, panicConcurrency: 4000 };
    expect(growing.decide(input).desiredPods).toBe(13);
    // By default a saturated pod reads as up to 2× its capacity (the gateways shed what they cannot queue, so
    // the queue understates a burst): 10 pods × 360 req/s / 150 = 24, never the 4 000 / 20 = 200 of KPA.
    const extrapolating = createRedlineDecider({ targetConcurrencyPerPod: 20, targetUtilization: 1, curve });
    expect(extrapolating.decide(at(0, 10, 4000)).desiredPods).toBe(24);
    // KPA with the same target orders by concurrency: 400 / 20 = 20 pods.
    const kpa = createKpaDecider({ targetConcurrencyPerPod: 20 });
    expect(kpa.decide(at(0, 10, 400)).desiredPods).toBe(20);
  });

  it('counts starting pods as capacity already ordered', () => {
    const redline = createRedlineDecider(fullRise);
    // 4 ready pods carry demand for 8; 6 more are starting: the order stays at 10, no re-order, no scale-down.
    expect(redline.decide(at(0, 4, 80, { starting: 6 })).desiredPods).toBe(10);
    // Demand for 12 exceeds what is ordered: grow to 12 (not 10 + 12).
    expect(redline.decide(at(2 * S, 4, 120, { starting: 6 })).desiredPods).toBe(12);
  });

  it('keeps panic (and the order) until the ordered capacity is ready', () => {
    const redline = createRedlineDecider({ ...base, scaleDownStabilizationMs: 10 * MIN });
    const burst = redline.decide(at(0, 4, 120));
    expect(burst).toMatchObject({ desiredPods: 12, inPanic: true });
    // Two minutes later demand is back to 4 pods' worth, but 8 pods are still loading: stay in panic, hold 12.
    expect(redline.decide(at(2 * MIN, 4, 40, { starting: 8 }))).toMatchObject({
      desiredPods: 12,
      inPanic: true,
    });
    // All ready and a stable window has passed since the surge: panic ends, but scale-down waits for the window.
    expect(redline.decide(at(3 * MIN, 12, 40))).toMatchObject({ desiredPods: 12, inPanic: false });
    expect(redline.decide(at(10 * MIN + 2 * S, 12, 40)).desiredPods).toBe(4);
  });

  it('scales down only after the stabilisation window, from the rolling max, outside the tolerance band', () => {
    const redline = createRedlineDecider({
      ...base,
      scaleDownStabilizationMs: 5 * MIN,
      scaleDownTolerance: 0.1,
    });
    expect(redline.decide(at(0, 10, 100)).desiredPods).toBe(10);
    expect(redline.decide(at(1 * MIN, 10, 60)).desiredPods).toBe(10);
    expect(redline.decide(at(4 * MIN, 10, 50)).desiredPods).toBe(10);
    // The 10 recorded at t=0 has left the window; the max is now 6 (recorded at 1 min).
    expect(redline.decide(at(5 * MIN + 2 * S, 10, 50)).desiredPods).toBe(6);
    // 11 pods against a need of 10 is inside the 10% band: hold.
    const banded = createRedlineDecider({ ...base, scaleDownStabilizationMs: 5 * MIN });
    expect(banded.decide(at(0, 11, 100)).desiredPods).toBe(11);
    expect(banded.decide(at(6 * MIN, 11, 100)).desiredPods).toBe(11);
    expect(banded.decide(at(6 * MIN, 12, 100)).desiredPods).toBe(10);
  });

  it('treats a pod with missing metrics as carrying the mean load: neither idle nor full', () => {
    const redline = createRedlineDecider(fullRise);
    // 10 ready, 5 report 10 in flight each (exactly on target): the silent 5 are assumed the same → 10 pods.
    expect(redline.decide(at(0, 10, 50, { withMetrics: 5 })).desiredPods).toBe(10);
    // Reporting pods over target → scale up in proportion, the silent pods neither block nor inflate it.
    expect(redline.decide(at(2 * S, 10, 75, { withMetrics: 5 })).desiredPods).toBe(15);
    // No metrics at all: hold the order rather than guess.
    expect(redline.decide(at(4 * S, 15, 0, { withMetrics: 0 })).desiredPods).toBe(15);
  });

  it('keeps a floor from the same time yesterday, looked up ahead by the lead time', () => {
    const day = 24 * 60 * MIN;
    const series = [
      { t: 0, desiredPods: 5 },
      { t: 8 * 60 * MIN, desiredPods: 20 },
    ];
    const redline = createRedlineDecider({ ...base, memory: { series, leadMs: 5 * MIN, fraction: 0.8 } });
    // Today 7:56: yesterday 8:00 is within the lead → floor ceil(0.8 × 20) = 16 although demand needs 5.
    const result = redline.decide(at(day + 7 * 60 * MIN + 56 * MIN, 5, 50));
    expect(result.memoryFloor).toBe(16);
    expect(result.desiredPods).toBe(16);
    // 7:50 yesterday was still at 5 → floor 4, demand rules.
    expect(redline.decide(at(day + 7 * 60 * MIN + 50 * MIN, 5, 50)).memoryFloor).toBe(4);
  });

  it('does not release pods that yesterday needed again within the lead plus the hold window', () => {
    const day = 24 * 60 * MIN;
    // Yesterday: 5 pods' worth until 8:00, then 20 (the morning ramp).
    const series = [
      { t: 0, desiredPods: 5 },
      { t: 8 * 60 * MIN, desiredPods: 20 },
    ];
    const memory = { series, leadMs: 5 * MIN, fraction: 0.8 };
    const hold = { ...base, scaleDownStabilizationMs: 5 * MIN };
    const trough = (redline: ReturnType<typeof createRedlineDecider>, from: number) => {
      let last = redline.decide(at(from, 16, 160));
      for (let t = from + 2 * S; t <= from + 8 * MIN; t += 2 * S) last = redline.decide(at(t, 16, 50));
      return last;
    };
    // 16 pods at 7:45 today, load falls to 5 pods' worth. From 7:50 the hold (5 min) has passed; up to 7:53
    // yesterday's 8:00 is beyond the memory's own 5-min lead (floor 4) but within lead + hold: keep 16, not
    // release 11 pods to buy them back at 7:55.
    const kept = trough(createRedlineDecider({ ...hold, memory }), day + 7 * 60 * MIN + 45 * MIN);
    expect(kept.memoryFloor).toBe(4);
    expect(kept.desiredPods).toBe(16);
    // Without memory, the same trough releases them; an hour earlier (yesterday still at 5 through the
    // look-ahead), memory does not hold them either.
    expect(trough(createRedlineDecider(hold), day + 7 * 60 * MIN + 45 * MIN).desiredPods).toBe(5);
    expect(trough(createRedlineDecider({ ...hold, memory }), day + 6 * 60 * MIN + 45 * MIN).desiredPods).toBe(
      5,
    );
  });

  it('makes at most one direction reversal per hour on a noisy load (KPA makes many)', () => {
    const hours = 6;
    const noisyLoad = (seed: number) => {
      const rand = seededRandom(seed);
      return (t: number) => {
        const trend = 1 + 0.4 * Math.sin((2 * Math.PI * t) / (3 * 60 * MIN));
        const noise = 1 + 0.3 * (rand() - 0.5);
        const spike = rand() < 0.003 ? 1.6 : 1;
        return 1000 * trend * noise * spike;
      };
    };
    const common = { durationMs: hours * 60 * MIN, startupMs: 3 * MIN, initialPods: 100 };
    const redline = driveFleet({
      ...common,
      decider: createRedlineDecider({ targetConcurrencyPerPod: 10, targetUtilization: 1 }),
      concurrencyAt: noisyLoad(7),
    });
    const kpa = driveFleet({
      ...common,
      decider: createKpaDecider({ targetConcurrencyPerPod: 10 }),
      concurrencyAt: noisyLoad(7),
    });
    expect(redline.reversals).toBeLessThanOrEqual(hours);
    expect(kpa.reversals).toBeGreaterThan(redline.reversals);
    // And it still follows the load: peak demand is ~1.4 × 1000 × 1.15 / 10 ≈ 161 pods.
    expect(redline.maxPods).toBeGreaterThan(140);
  });
});
