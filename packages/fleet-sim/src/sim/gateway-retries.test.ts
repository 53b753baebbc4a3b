import { createRouter, RETRY_DEFAULTS } from '@redline/router';
import { manualClock, mulberry32 } from '@redline/router/testing';
import { describe, expect, it } from 'vitest';
import { GatewayRetries } from './gateway-retries.ts';

const endpoints = Array.from({ length: 4 }, (_, i) => ({ id: `p${i}`, url: `sim://p${i}` }));
const router = () =>
  createRouter({ policy: 'round-robin', clock: manualClock(0), random: mulberry32(1), endpoints });

describe('GatewayRetries', () => {
  it('retries at once, then after a jittered backoff, and gives up after the third attempt', () => {
    const r = router();
    const retries = new GatewayRetries(() => 0.999);
    expect(retries.onFailure(7, 1, 'p0', r, 5_000)).toEqual({ kind: 'retry', waitMs: 0 });
    const second = retries.onFailure(7, 1, 'p1', r, 5_000);
    expect(second.kind).toBe('retry');
    if (second.kind === 'retry') expect(second.waitMs).toBeCloseTo(RETRY_DEFAULTS.backoffBaseMs * 0.999, 9);
    expect(retries.onFailure(7, 1, 'p2', r, 5_000)).toEqual({ kind: 'give-up' });
    expect(retries.sent).toBe(2);
    expect(retries.refused).toBe(0);
  });

  it('excludes every pod the request tried and passes the deadline on', () => {
    const retries = new GatewayRetries(() => 0);
    const r = router();
    retries.onFailure(3, 1, 'p0', r, 5_000);
    retries.onFailure(3, 1, 'p2', r, 5_000);
    const options = retries.pickOptions(3, 9_000);
    expect([...(options.exclude ?? [])]).toEqual(['p0', 'p2']);
    expect(options.deadlineAt).toBe(9_000);
  });

  it('gives up without touching the budget when too little time is left', () => {
    const r = router();
    const retries = new GatewayRetries(() => 0);
    expect(retries.onFailure(1, 1, 'p0', r, RETRY_DEFAULTS.minAttemptMs)).toEqual({ kind: 'give-up' });
    expect(r.activeRetries).toBe(0);
  });

  it('holds a budget token per retry until it is answered or ends, and is refused past the budget', () => {
    const r = router(); // no active requests: the budget's floor of 3 concurrent retries applies
    const retries = new GatewayRetries(() => 0);
    for (let slot = 0; slot < 3; slot++)
      expect(retries.onFailure(slot, 1, 'p0', r, 5_000).kind).toBe('retry');
    expect(r.activeRetries).toBe(3);
    expect(retries.onFailure(3, 1, 'p0', r, 5_000)).toEqual({ kind: 'refused' });
    expect(retries.refused).toBe(1);
    retries.end(0);
    expect(r.activeRetries).toBe(2);
    expect(retries.onFailure(4, 1, 'p0', r, 5_000).kind).toBe('retry');
  });

  it('gives the token back when the retry answers (its first token), before the response ends', () => {
    const r = router();
    const retries = new GatewayRetries(() => 0);
    retries.onFailure(0, 1, 'p0', r, 5_000);
    expect(r.activeRetries).toBe(1);
    retries.answered(0);
    expect(r.activeRetries).toBe(0);
    expect(retries.any).toBe(false);
    retries.end(0); // the response's end finds nothing left to give back
    expect(r.activeRetries).toBe(0);
  });

  it('tells a backoff timer whether its request is still waiting (same slot, same generation)', () => {
    const retries = new GatewayRetries(() => 0);
    retries.onFailure(5, 2, 'p0', router(), 5_000);
    expect(retries.waiting(5, 2)).toBe(true);
    expect(retries.waiting(5, 3)).toBe(false);
    retries.end(5);
    expect(retries.waiting(5, 2)).toBe(false);
    expect(retries.any).toBe(false);
  });
});
