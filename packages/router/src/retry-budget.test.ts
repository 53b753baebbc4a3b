import { describe, expect, it } from 'vitest';
import { fixture, pickHandle } from '../test/helpers.ts';

describe('retry budget (Envoy: max(20% of active, 3))', () => {
  it('allows 3 concurrent retries when idle, then refuses until one is released', () => {
    const { router } = fixture('least-request', 3);
    const tokens = [router.tryAcquireRetry(), router.tryAcquireRetry(), router.tryAcquireRetry()];
    expect(tokens.every((t) => t !== undefined)).toBe(true);
    expect(router.tryAcquireRetry()).toBeUndefined();
    tokens[0]!.release();
    tokens[0]!.release(); // idempotent
    expect(router.activeRetries).toBe(2);
    expect(router.tryAcquireRetry()).toBeDefined();
    expect(router.tryAcquireRetry()).toBeUndefined();
  });

  it('scales with active requests: 100 in flight allow 20 retries', () => {
    const { router } = fixture('least-request', 3);
    for (let i = 0; i < 100; i++) pickHandle(router);
    expect(router.activeRequests).toBe(100);
    let granted = 0;
    while (router.tryAcquireRetry() !== undefined && granted < 1000) granted++;
    expect(granted).toBe(20);
  });

  it('honours custom ratio and minimum', () => {
    const { router } = fixture('least-request', 3, { retryBudget: { budgetRatio: 0.5, minConcurrency: 0 } });
    expect(router.tryAcquireRetry()).toBeUndefined();
    for (let i = 0; i < 10; i++) pickHandle(router);
    let granted = 0;
    while (router.tryAcquireRetry() !== undefined && granted < 1000) granted++;
    expect(granted).toBe(5);
  });
});
