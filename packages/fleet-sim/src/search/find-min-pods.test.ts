import { describe, expect, it } from 'vitest';
import type { FleetResult } from '../types.ts';
import { findMinPods, meetsSlo } from './find-min-pods.ts';

/** A fake fleet whose p99 falls with size and meets 1 s from `threshold` pods on. */
function fakeFleet(threshold: number) {
  const calls: number[] = [];
  const measure = (pods: number): FleetResult => {
    calls.push(pods);
    const p99 = pods >= threshold ? 900 : 1_500;
    return {
      requests: 1,
      succeeded: 1,
      failed: 0,
      failures: { shed: 0, noEndpoints: 0, timeout: 0, rejected: 0, upstream: 0 },
      retries: { sent: 0, refused: 0 },
      latency: { p50: p99 / 2, p90: p99, p99, p999: p99, mean: p99 / 2, max: p99 },
      ttft: { p50: 1, p90: 1, p99: 1, p999: 1, mean: 1, max: 1 },
      withinSloShare: pods >= threshold ? 1 : 0.5,
      podSeconds: pods,
      utilisation: 0.5,
      busyShare: 0.5,
      timeline: [],
      scaleEvents: [],
      simulatedMs: 1,
      wallMs: 1,
      cpuMs: 1,
      events: 1,
    };
  };
  return { measure, calls };
}

describe('findMinPods', () => {
  it('brackets upward from a low estimate and bisects to the threshold', () => {
    const { measure, calls } = fakeFleet(2_345);
    const r = findMinPods({
      estimate: 1_000,
      slo: { p99Ms: 1_000 },
      precision: 0.001,
      maxPods: 100_000,
      measure,
    });
    expect(r.feasible).toBe(true);
    if (r.feasible) {
      expect(r.pods).toBeGreaterThanOrEqual(2_345);
      expect(r.pods).toBeLessThanOrEqual(2_345 + Math.ceil(0.001 * 2_345) + 1);
    }
    expect(calls.length).toBeLessThan(25);
  });

  it('walks down from a generous estimate', () => {
    const { measure } = fakeFleet(300);
    const r = findMinPods({
      estimate: 1_000,
      slo: { p99Ms: 1_000 },
      precision: 0.01,
      maxPods: 10_000,
      measure,
    });
    expect(r.feasible && r.pods >= 300 && r.pods <= 304).toBe(true);
  });

  it('confirms with the long run and steps up when it fails', () => {
    const short = fakeFleet(500);
    const long = fakeFleet(520);
    const r = findMinPods({
      estimate: 400,
      slo: { p99Ms: 1_000 },
      precision: 0.005,
      maxPods: 10_000,
      measure: short.measure,
      confirm: long.measure,
    });
    expect(r.feasible).toBe(true);
    if (r.feasible) {
      expect(r.pods).toBeGreaterThanOrEqual(520);
      expect(r.steps.filter((s) => s.phase === 'confirm').length).toBeGreaterThan(1);
    }
  });

  it('reports infeasible when the cap is reached', () => {
    const { measure } = fakeFleet(1e9);
    const r = findMinPods({ estimate: 100, slo: { p99Ms: 1_000 }, maxPods: 1_000, measure });
    expect(r.feasible).toBe(false);
  });

  it('meetsSlo needs both the p99 and the share within the SLO', () => {
    const { measure } = fakeFleet(10);
    expect(meetsSlo(measure(10), { p99Ms: 1_000 })).toBe(true);
    expect(meetsSlo(measure(9), { p99Ms: 1_000 })).toBe(false);
    expect(meetsSlo(measure(10), { p99Ms: 800 })).toBe(false);
  });
});
