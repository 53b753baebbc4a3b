import { describe, expect, it } from 'vitest';
import { percentile } from './percentiles.ts';
import { checkTargets } from './report.ts';
import { type BenchRow, toRow } from './row.ts';

const base = { scenario: 'slow-pod', loadPct: 85, offeredRps: 10, cpu: {}, maxSendLagMs: 0 } as const;

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 0.5)).toBe(50);
    expect(percentile(xs, 0.99)).toBe(99);
    expect(percentile(xs, 1)).toBe(100);
    expect(percentile([], 0.5)).toBeNaN();
  });
});

describe('toRow', () => {
  it('counts a failure at the deadline and goodput only within the SLO', () => {
    const results = [
      ...Array.from({ length: 98 }, () => ({ ok: true, status: 200, latencyMs: 100 })),
      { ok: true, status: 200, latencyMs: 1500 },
      { ok: false, status: 503, latencyMs: 3, error: 'status' },
      { ok: false, status: 0, latencyMs: 5012, error: 'TimeoutError' }, // the client's abort timer, 12 ms late
    ];
    const row = toRow({ ...base, system: 'gateway:redline' }, results, 10_000, 5000);
    expect(row.successRate).toBeCloseTo(99 / 101);
    expect(row.goodputRps).toBeCloseTo(9.8);
    expect(row.p99Ms).toBe(5000);
    expect(row.p999Ms).toBe(5000);
    expect(row.p90Ms).toBe(100);
    expect(row.failures).toEqual({ '503': 1, TimeoutError: 1 });
  });
});

describe('checkTargets', () => {
  const row = (system: BenchRow['system'], p99Ms: number, successRate = 1): BenchRow => ({
    ...base,
    system,
    p50Ms: 1,
    p90Ms: 1,
    p99Ms,
    p999Ms: p99Ms,
    successRate,
    goodputRps: 1,
    requests: 1,
  });

  it('passes only when redline is lowest and within 0.8x of random(2)', () => {
    const met = checkTargets([row('gateway:redline', 400), row('haproxy:random(2)', 600)]);
    expect(met.every((c) => c.ok)).toBe(true);
    const notLowest = checkTargets([
      row('gateway:redline', 400),
      row('nginx:random-two-least-conn', 300),
      row('haproxy:random(2)', 900),
    ]);
    expect(notLowest.some((c) => !c.ok)).toBe(true);
    const ratio = checkTargets([row('gateway:redline', 500), row('haproxy:random(2)', 550)]);
    expect(ratio.find((c) => c.detail.includes('ratio'))?.ok).toBe(false);
  });

  it('requires 99.99% success where a peer reached it', () => {
    const checks = checkTargets([row('gateway:redline', 100, 0.999), row('haproxy:random(2)', 900, 1)]);
    expect(checks.find((c) => c.detail.includes('success'))?.ok).toBe(false);
  });

  it('at a tie at the deadline, names the tied system that lost the fewest requests', () => {
    const burst = (system: BenchRow['system'], successRate: number) => ({
      ...row(system, 5000, successRate),
      scenario: 'burst' as const,
    });
    const [check] = checkTargets([
      burst('gateway:redline', 0.72),
      burst('haproxy:leastconn', 0.71),
      burst('gateway:random', 0.73),
    ]);
    expect(check?.detail).toContain('the best of the tied others gateway:random 73.00%');
  });
});
