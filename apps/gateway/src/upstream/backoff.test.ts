import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.ts';

describe('backoffDelayMs', () => {
  it('sends the first retry at once: it goes to another pod', () => {
    expect(backoffDelayMs(1, () => 0.999999, { baseMs: 10, maxMs: 100 })).toBe(0);
  });

  it('grows exponentially from the second retry up to the cap, scaled by the random draw (full jitter)', () => {
    const one = () => 0.999999;
    expect(backoffDelayMs(2, one, { baseMs: 10, maxMs: 100 })).toBeCloseTo(10, 3);
    expect(backoffDelayMs(3, one, { baseMs: 10, maxMs: 100 })).toBeCloseTo(20, 3);
    expect(backoffDelayMs(4, one, { baseMs: 10, maxMs: 100 })).toBeCloseTo(40, 3);
    expect(backoffDelayMs(10, one, { baseMs: 10, maxMs: 100 })).toBeCloseTo(100, 3);
    expect(backoffDelayMs(4, () => 0.5, { baseMs: 10, maxMs: 100 })).toBe(20);
    expect(backoffDelayMs(4, () => 0, { baseMs: 10, maxMs: 100 })).toBe(0);
  });
});
