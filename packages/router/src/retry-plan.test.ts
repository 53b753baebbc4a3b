import { describe, expect, it } from 'vitest';
import { createRouter } from './create-router.ts';
import { planRetry, retryBackoffMs } from './retry-plan.ts';
import { manualClock, mulberry32 } from './testing.ts';

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

describe('planRetry', () => {
  const router = () =>
    createRouter({
      policy: 'round-robin',
      clock: manualClock(0),
      random: mulberry32(1),
      endpoints: [{ id: 'a', url: 'http://a' }],
    });

  it('retries at once after the first failure, after a backoff later, and gives up after the third attempt', () => {
    const r = router();
    const first = planRetry(r, 1, 5_000, () => 0.999);
    expect(first).toMatchObject({ kind: 'retry', waitMs: 0 });
    const second = planRetry(r, 2, 5_000, () => 0.5);
    expect(second).toMatchObject({ kind: 'retry', waitMs: 10 });
    expect(planRetry(r, 3, 5_000, () => 0.5)).toEqual({ kind: 'give-up' });
    expect(r.activeRetries).toBe(2);
  });

  it('never waits past the last moment a retry can still start, nor starts one with too little time left', () => {
    const r = router();
    expect(planRetry(r, 2, 55, () => 0.999)).toMatchObject({ kind: 'retry', waitMs: 5 });
    expect(planRetry(r, 1, 50, () => 0)).toEqual({ kind: 'give-up' });
    expect(planRetry(r, 1, 500, () => 0, { minAttemptMs: 600 })).toEqual({ kind: 'give-up' });
  });

  it('is refused once the retry budget is spent, and holds a token until it is released', () => {
    const r = router(); // no active requests: the budget's floor of 3 concurrent retries applies
    const plans = [1, 2, 3].map(() => planRetry(r, 1, 5_000, () => 0));
    expect(planRetry(r, 1, 5_000, () => 0)).toEqual({ kind: 'refused' });
    const held = plans[0]!;
    if (held.kind === 'retry') held.budget.release();
    expect(planRetry(r, 1, 5_000, () => 0).kind).toBe('retry');
  });
});
