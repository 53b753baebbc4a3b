import { describe, expect, it } from 'vitest';
import { createRedlineDecider } from './redline.ts';
import { SlidingTrend } from './trend.ts';

describe('SlidingTrend', () => {
  it('fits the slope over the window and ignores older points', () => {
    const trend = new SlidingTrend(10_000);
    expect(trend.slope()).toBe(0);
    for (let t = 0; t <= 20_000; t += 1_000) trend.add(t, t < 10_000 ? 500 : 2 * t);
    // Only the last 10 s (value = 2 t) remain.
    expect(trend.slope()).toBeCloseTo(2);
  });
});

describe('redline trend lead', () => {
  it('orders ahead of a steady ramp when enabled, not when disabled', () => {
    const ramp = (trendLeadMs: number) => {
      const redline = createRedlineDecider({
        targetConcurrencyPerPod: 10,
        targetUtilization: 1,
        trendLeadMs,
        trendWindowMs: 60_000,
        // Size the full ramp, so only the lead differs between the two runs.
        risePersistence: 1,
      });
      let last = 0;
      // Load rises by 1 pod's worth every 10 s; 180 s ahead that is +18 pods.
      for (let t = 0; t <= 120_000; t += 2_000) {
        const total = 100 + t / 1_000;
        last = redline.decide({
          now: t,
          readyPods: 10 + t / 10_000,
          stableConcurrency: total,
          panicConcurrency: total,
        }).desiredPods;
      }
      return last;
    };
    expect(ramp(0)).toBe(22);
    expect(ramp(180_000)).toBeGreaterThanOrEqual(22 + 17);
  });
});
