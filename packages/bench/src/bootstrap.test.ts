import { mulberry32 } from '@redline/router';
import { describe, expect, it } from 'vitest';
import { pairedRatioInterval, quantileInterval } from './bootstrap.ts';

const exponential = (random: () => number) => -Math.log(1 - random());

describe('quantileInterval', () => {
  it('covers the true p99 about as often as it claims', () => {
    const truth = Math.log(100); // p99 of Exp(1)
    const data = mulberry32(11);
    let covered = 0;
    const trials = 60;
    for (let t = 0; t < trials; t++) {
      const xs = Array.from({ length: 2000 }, () => exponential(data));
      const ci = quantileInterval(xs, 0.99, { random: mulberry32(t), blockLength: 1, resamples: 400 });
      expect(ci.lo).toBeLessThanOrEqual(ci.estimate);
      expect(ci.hi).toBeGreaterThanOrEqual(ci.estimate);
      if (ci.lo <= truth && truth <= ci.hi) covered++;
    }
    // 95 % nominal; the nearest-rank bootstrap of a tail quantile runs a little under it.
    expect(covered / trials).toBeGreaterThan(0.8);
    expect(covered / trials).toBeLessThan(1);
  });

  it('widens with runs of correlated samples when blocks keep them together', () => {
    // AR(1) with strong correlation: slow spells last tens of samples, as queueing delays do.
    const random = mulberry32(5);
    const xs: number[] = [];
    let level = 0;
    for (let i = 0; i < 3000; i++) {
      level = 0.97 * level + exponential(random) - 1;
      xs.push(level);
    }
    const single = quantileInterval(xs, 0.99, { random: mulberry32(1), blockLength: 1 });
    const blocks = quantileInterval(xs, 0.99, { random: mulberry32(1), blockLength: 100 });
    expect(blocks.hi - blocks.lo).toBeGreaterThan(1.5 * (single.hi - single.lo));
  });

  it('is the same for the same seed', () => {
    const xs = Array.from({ length: 500 }, (_, i) => (i * 37) % 101);
    const a = quantileInterval(xs, 0.99, { random: mulberry32(3), blockLength: 10 });
    const b = quantileInterval(xs, 0.99, { random: mulberry32(3), blockLength: 10 });
    expect(a).toEqual(b);
  });
});

describe('pairedRatioInterval', () => {
  it('is exact for series that differ by a constant factor', () => {
    const random = mulberry32(2);
    const a = Array.from({ length: 1000 }, () => exponential(random));
    const b = a.map((x) => x * 1.25);
    const ci = pairedRatioInterval(a, b, 0.99, { random: mulberry32(4), blockLength: 20 });
    expect(ci.estimate).toBeCloseTo(0.8, 12);
    expect(ci.lo).toBeCloseTo(0.8, 12);
    expect(ci.hi).toBeCloseTo(0.8, 12);
  });

  it('is narrower than the unpaired intervals when both systems saw the same slow arrivals', () => {
    const random = mulberry32(8);
    // A shared component (the arrivals' luck) dominates; each system adds a little noise of its own.
    const shared = Array.from({ length: 3000 }, () => 400 + 60 * exponential(random));
    const a = shared.map((x) => x + 5 * random());
    const b = shared.map((x) => 1.05 * x + 5 * random());
    const options = { blockLength: 30 };
    const paired = pairedRatioInterval(a, b, 0.99, { ...options, random: mulberry32(1) });
    const ia = quantileInterval(a, 0.99, { ...options, random: mulberry32(2) });
    const ib = quantileInterval(b, 0.99, { ...options, random: mulberry32(3) });
    const unpairedWidth = ia.hi / ib.lo - ia.lo / ib.hi;
    expect(paired.hi - paired.lo).toBeLessThan(unpairedWidth / 3);
    expect(paired.lo).toBeLessThan(1);
    expect(paired.hi).toBeLessThan(1);
  });

  it('rejects series that are not paired', () => {
    const options = { random: mulberry32(1), blockLength: 1 };
    expect(() => pairedRatioInterval([1, 2, 3], [1, 2], 0.99, options)).toThrow(RangeError);
    expect(() => pairedRatioInterval([], [], 0.99, options)).toThrow(RangeError);
  });
});
