import { describe, expect, it } from 'vitest';
import { retryBackoffMs } from './retry-backoff.ts';

describe('retryBackoffMs', () => {
  it('sends the first retry at once: it goes to another pod', () => {
    expect(retryBackoffMs(1, () => 0.999999, { baseMs: 10, maxMs: 100 })).toBe(0);
  });

  it('grows exponentially from the second retry up to the cap, scaled by the random draw (full jitter)', () => {
    const one = () => 0.999999;
    expect(retryBackoffMs(2, one, { baseMs: 10, maxMs: 100 })).toBeCloseTo(10, 3);
    expect(retryBackoffMs(3, one, { baseMs: 10, maxMs: 100 })).toBeCloseTo(20, 3);
    expect(retryBackoffMs(4, one, { baseMs: 10, maxMs: 100 })).toBeCloseTo(40, 3);
    expect(retryBackoffMs(10, one, { baseMs: 10, maxMs: 100 })).toBeCloseTo(100, 3);
    expect(retryBackoffMs(4, () => 0.5, { baseMs: 10, maxMs: 100 })).toBe(20);
    expect(retryBackoffMs(4, () => 0, { baseMs: 10, maxMs: 100 })).toBe(0);
  });
});
