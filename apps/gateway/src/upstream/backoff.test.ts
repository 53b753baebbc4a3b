import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.ts';

describe('backoffDelayMs', () => {
  it('grows exponentially up to the cap, scaled by the random draw (full jitter)', () => {
    const one = () => 0.999999;
    expect(backoffDelayMs(1, one, { baseMs: 10, maxMs: 100 })).toBeCloseTo(10, 3);
    expect(backoffDelayMs(2, one, { baseMs: 10, maxMs: 100 })).toBeCloseTo(20, 3);
    expect(backoffDelayMs(3, one, { baseMs: 10, maxMs: 100 })).toBeCloseTo(40, 3);
    expect(backoffDelayMs(10, one, { baseMs: 10, maxMs: 100 })).toBeCloseTo(100, 3);
    expect(backoffDelayMs(3, () => 0.5, { baseMs: 10, maxMs: 100 })).toBe(20);
    expect(backoffDelayMs(3, () => 0, { baseMs: 10, maxMs: 100 })).toBe(0);
  });
});
