import { mulberry32 } from '@redline/router/testing';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './latency-histogram.ts';

describe('LatencyHistogram', () => {
  it('matches exact quantiles within the bucket width', () => {
    const random = mulberry32(9);
    const h = new LatencyHistogram();
    const values: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const v = -Math.log(1 - random()) * 400; // exponential, mean 400 ms: spans all three ranges
      values.push(v);
      h.record(v);
    }
    values.sort((a, b) => a - b);
    for (const q of [0.5, 0.9, 0.99, 0.999]) {
      const exact = values[Math.ceil(q * values.length) - 1]!;
      const width = exact < 1_000 ? 0.1 : exact < 10_000 ? 1 : 10;
      const got = h.quantile(q);
      expect(got).toBeGreaterThanOrEqual(exact - 1e-9);
      expect(got - exact).toBeLessThanOrEqual(width + 1e-9);
    }
    expect(h.quantiles([0.5, 0.99])).toEqual([h.quantile(0.5), h.quantile(0.99)]);
    expect(h.count).toBe(20_000);
  });

  it('is empty-safe and resettable', () => {
    const h = new LatencyHistogram();
    expect(h.quantile(0.5)).toBeNaN();
    h.record(5);
    h.reset();
    expect(h.count).toBe(0);
    expect(h.quantile(0.99)).toBeNaN();
  });
});
