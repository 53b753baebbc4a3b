import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CANARY_BUCKETS, canaryBucket, inCanary } from './canary-split.ts';

const keys = Array.from({ length: 20_000 }, () => randomUUID());
const rollout = randomUUID();

describe('canary split by key hash', () => {
  it('is stable: the same key in the same rollout always lands in the same bucket', () => {
    for (const key of keys.slice(0, 200)) {
      expect(canaryBucket(rollout, key)).toBe(canaryBucket(rollout, key));
      expect(inCanary(rollout, key, 25)).toBe(inCanary(rollout, key, 25));
    }
    const bucket = canaryBucket(rollout, keys[0]!);
    expect(bucket).toBeGreaterThanOrEqual(0);
    expect(bucket).toBeLessThan(CANARY_BUCKETS);
  });

  it.each([1, 5, 25, 50, 90])(
    'puts close to the requested share of keys in the canary: %i percent',
    (percent) => {
      const share = keys.filter((key) => inCanary(rollout, key, percent)).length / keys.length;
      // Binomial sd at n = 20 000 is ≤ 0.35 points; 1 point is ~3 sd.
      expect(Math.abs(share * 100 - percent)).toBeLessThan(1);
    },
  );

  it('only adds keys when the share grows (nobody flips back to the baseline)', () => {
    for (const key of keys.slice(0, 2000)) {
      if (inCanary(rollout, key, 5)) expect(inCanary(rollout, key, 25)).toBe(true);
      if (inCanary(rollout, key, 25)) expect(inCanary(rollout, key, 50)).toBe(true);
    }
  });

  it('0 % and 100 % are absolute', () => {
    expect(keys.slice(0, 500).some((key) => inCanary(rollout, key, 0))).toBe(false);
    expect(keys.slice(0, 500).every((key) => inCanary(rollout, key, 100))).toBe(true);
  });

  it('spreads sequential ids (one character apart) uniformly', () => {
    const sequential = Array.from({ length: 10_000 }, (_, i) => `key-${i}`);
    const share = sequential.filter((key) => inCanary('r', key, 10)).length / sequential.length;
    expect(Math.abs(share - 0.1)).toBeLessThan(0.012);
  });

  it('picks a different slice of users in another rollout', () => {
    const other = randomUUID();
    const sample = keys.slice(0, 2000);
    const both = sample.filter((k) => inCanary(rollout, k, 50) && inCanary(other, k, 50)).length;
    // Independent halves overlap on ~25 %, not 50 %.
    expect(both / sample.length).toBeGreaterThan(0.2);
    expect(both / sample.length).toBeLessThan(0.3);
  });
});
