import type { TimelineSample } from '@redline/fleet-sim';
import { describe, expect, it } from 'vitest';
import { countReversals, countScaleEvents, longestViolationSeconds, recoverySeconds } from './run-metrics.ts';

const sample = (t: number, p99Ms: number): TimelineSample => ({
  t,
  p99Ms,
  arrivalsPerSec: 0,
  inFlight: 0,
  desiredPods: 0,
  readyPods: 0,
  startingPods: 0,
});

describe('run metrics', () => {
  it('counts direction reversals, not steps', () => {
    const d = (current: number, desired: number) => ({ current, desired });
    expect(countReversals([d(1, 2), d(2, 3), d(3, 3), d(3, 5)])).toBe(0);
    expect(countReversals([d(1, 2), d(2, 1), d(1, 1), d(1, 4), d(4, 5)])).toBe(2);
    expect(countScaleEvents([d(1, 2), d(2, 2), d(2, 1)])).toBe(2);
  });

  it('measures recovery after a burst and the longest violation', () => {
    const timeline = [0, 1, 2, 3, 4, 5, 6, 7].map((s) =>
      sample(s * 1000, s >= 2 && s <= 4 ? 1500 : s === 6 ? 1200 : 300),
    );
    expect(recoverySeconds(timeline, 2000, 8000, 1000, 1000)).toBe(5);
    expect(recoverySeconds(timeline, 0, 2000, 1000, 1000)).toBe(0);
    expect(longestViolationSeconds(timeline, 1000, 1000)).toBe(3);
    // Samples with no completions (NaN) are not violations.
    expect(longestViolationSeconds([sample(0, Number.NaN)], 1000, 1000)).toBe(0);
  });
});
