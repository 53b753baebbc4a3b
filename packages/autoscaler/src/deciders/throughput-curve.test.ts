import { describe, expect, it } from 'vitest';
import { createThroughputModel, linearModel } from './throughput-curve.ts';

describe('createThroughputModel', () => {
  const curve = [
    { concurrency: 40, throughputRps: 180 },
    { concurrency: 10, throughputRps: 100 },
    { concurrency: 20, throughputRps: 95 },
  ];

  it('interpolates, sorts and keeps throughput non-decreasing', () => {
    const m = createThroughputModel(curve);
    expect(m.throughputAt(0)).toBe(0);
    expect(m.throughputAt(5)).toBeCloseTo(50);
    // The noisy 95 at 20 is lifted to 100.
    expect(m.throughputAt(20)).toBeCloseTo(100);
    expect(m.throughputAt(30)).toBeCloseTo(140);
  });

  it('extrapolates past the last point in proportion, capped', () => {
    const m = createThroughputModel(curve, 2);
    expect(m.throughputAt(60)).toBeCloseTo(270);
    expect(m.throughputAt(1000)).toBeCloseTo(360);
  });

  it('falls back to throughput ∝ concurrency without a curve', () => {
    expect(createThroughputModel(undefined)).toBe(linearModel);
    expect(linearModel.throughputAt(7)).toBe(7);
  });
});

describe('createThroughputModel default', () => {
  it('reads a saturated pod as saturation throughput (no queue-driven over-order)', () => {
    const m = createThroughputModel([{ concurrency: 10, throughputRps: 100 }]);
    expect(m.throughputAt(500)).toBe(100);
  });
});
