import { describe, expect, it } from 'vitest';
import { cellRandom, poissonSchedule, seededRandom } from './poisson.ts';

describe('poissonSchedule', () => {
  it('has the requested mean rate and exponential gaps', () => {
    const times = poissonSchedule([{ durationMs: 100_000, ratePerSec: 200 }], seededRandom(7));
    expect(times.length).toBeGreaterThan(19_500);
    expect(times.length).toBeLessThan(20_500);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const variance = gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length;
    // For an exponential distribution the standard deviation equals the mean (coefficient of variation 1).
    expect(Math.sqrt(variance) / mean).toBeGreaterThan(0.95);
    expect(Math.sqrt(variance) / mean).toBeLessThan(1.05);
  });

  it('is sorted, inside the phases, and follows a rate change', () => {
    const times = poissonSchedule(
      [
        { durationMs: 10_000, ratePerSec: 100 },
        { durationMs: 10_000, ratePerSec: 300 },
      ],
      seededRandom(3),
    );
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(times.every((t) => t >= 0 && t < 20_000)).toBe(true);
    const first = times.filter((t) => t < 10_000).length;
    const second = times.length - first;
    expect(second / first).toBeGreaterThan(2.6);
    expect(second / first).toBeLessThan(3.4);
  });

  it('is reproducible for a seed and differs across seeds', () => {
    const a = poissonSchedule([{ durationMs: 1000, ratePerSec: 50 }], seededRandom(1));
    const b = poissonSchedule([{ durationMs: 1000, ratePerSec: 50 }], seededRandom(1));
    const c = poissonSchedule([{ durationMs: 1000, ratePerSec: 50 }], seededRandom(2));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('gives every system of a cell the same arrivals, and other cells other arrivals', () => {
    const phases = [{ durationMs: 2000, ratePerSec: 100 }];
    const first = poissonSchedule(phases, cellRandom(1, 'homogeneous', 85));
    expect(poissonSchedule(phases, cellRandom(1, 'homogeneous', 85))).toEqual(first);
    expect(poissonSchedule(phases, cellRandom(1, 'homogeneous', 95))).not.toEqual(first);
    expect(poissonSchedule(phases, cellRandom(1, 'slow-pod', 85))).not.toEqual(first);
    expect(poissonSchedule(phases, cellRandom(2, 'homogeneous', 85))).not.toEqual(first);
  });
});
