import { describe, expect, it } from 'vitest';
import { createHedgeBudget, nextHedgeAt, shouldHedge } from './hedging.ts';

describe('shouldHedge', () => {
  const base = { startedAt: 1_000, firstTokenSeen: false, hedgesSent: 0, thresholdMs: 200 };

  it('hedges only after the threshold without a first token', () => {
    expect(shouldHedge({ ...base, now: 1_199 })).toBe(false);
    expect(shouldHedge({ ...base, now: 1_200 })).toBe(true);
    expect(shouldHedge({ ...base, now: 1_500, firstTokenSeen: true })).toBe(false);
  });

  it('respects the per-request cap and spaces further hedges', () => {
    expect(shouldHedge({ ...base, now: 1_300, hedgesSent: 1 })).toBe(false);
    expect(shouldHedge({ ...base, now: 1_300, hedgesSent: 1, maxHedgesPerRequest: 2 })).toBe(false);
    expect(shouldHedge({ ...base, now: 1_400, hedgesSent: 1, maxHedgesPerRequest: 2 })).toBe(true);
    expect(nextHedgeAt(1_000, 1, 200)).toBe(1_400);
  });

  it('does not hedge when the deadline leaves no time for it', () => {
    expect(shouldHedge({ ...base, now: 1_250, deadlineAt: 1_400 })).toBe(false);
    expect(shouldHedge({ ...base, now: 1_250, deadlineAt: 2_000 })).toBe(true);
  });
});

describe('hedge budget', () => {
  it('allows max(10% of active, 1) concurrent hedges by default', () => {
    const budget = createHedgeBudget();
    const first = budget.tryAcquire(5);
    expect(first).toBeDefined();
    expect(budget.tryAcquire(5)).toBeUndefined();
    expect(budget.tryAcquire(30)).toBeDefined(); // 3 allowed at 30 active
    expect(budget.tryAcquire(30)).toBeDefined();
    expect(budget.tryAcquire(30)).toBeUndefined();
    first!.release();
    expect(budget.active).toBe(2);
  });
});
