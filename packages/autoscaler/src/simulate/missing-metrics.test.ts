/**
 * "One pod with missing metrics blocks the whole service": the step trace in fleet-sim with a share of pods
 * whose metrics are never scraped (they keep serving). The HPA counts silent pods as idle on a scale-up, so
 * with enough of them the usage ratio falls back under 1 and it holds; redline assumes a silent pod carries the
 * mean of those that report and scales as if all reported; KPA extrapolates the same way.
 */
import { describe, expect, it } from 'vitest';
import { type FleetSettings, type PolicyRun, runPolicyOnTrace } from './compare.ts';
import { setupPolicy } from './policies.ts';
import { stepProfile } from './traces.ts';

// A calibration of the l40s-llama3.2-3b profile behind the redline router (from a `simulate` run), fixed here
// so the test measures the scalers, not the calibration.
const calibrated = {
  targetConcurrencyPerPod: 72.1,
  curve: [
    { concurrency: 2.04, throughputRps: 4 },
    { concurrency: 19.62, throughputRps: 32 },
    { concurrency: 53.58, throughputRps: 64 },
    { concurrency: 72.15, throughputRps: 75.3 },
    { concurrency: 96.87, throughputRps: 86.6 },
    { concurrency: 129.91, throughputRps: 97.9 },
    { concurrency: 204.44, throughputRps: 113 },
  ],
};

const settings: FleetSettings = {
  profile: 'l40s-llama3.2-3b',
  routerPolicy: 'redline',
  gateways: 1,
  podStartupMs: 60_000,
  sloMs: 1000,
  seed: 5,
  sampleEveryMs: 5_000,
  warmupMs: 30_000,
};

describe('missing metrics on a step (fleet-sim)', { timeout: 120_000 }, () => {
  it('blocks the HPA scale-up; redline and KPA scale as if every pod reported', () => {
    // 800 → 1 200 req/s at 2 min; 14 pods to start with (≈ 57 req/s each, the 70–75 % targets).
    const profile = stepProfile({ peakRps: 1_200, durationMs: 5 * 60_000, stepAtMs: 2 * 60_000 });
    const run = (policy: 'kpa' | 'hpa' | 'redline', missingMetricsShare: number): PolicyRun =>
      runPolicyOnTrace(profile, setupPolicy(policy, calibrated), { ...settings, missingMetricsShare }, 14);
    const summary = (r: PolicyRun) => ({ slo: r.sloAttainment, peak: r.peakPods, events: r.scaleEvents });
    const results = Object.fromEntries(
      (['kpa', 'hpa', 'redline'] as const).map((p) => [
        p,
        { full: summary(run(p, 0)), blind: summary(run(p, 0.6)) },
      ]),
    );
    console.log('missing metrics (60 % of pods silent) vs full metrics:', JSON.stringify(results));
    const { hpa, redline, kpa } = results as Record<
      string,
      { full: ReturnType<typeof summary>; blind: ReturnType<typeof summary> }
    >;
    // With every pod reporting, all three scale up for the step.
    for (const p of [hpa!, redline!, kpa!]) expect(p.full.peak).toBeGreaterThan(14);
    // HPA: the silent pods read as idle → it stays (nearly) where it was and the step overwhelms the fleet.
    expect(hpa!.blind.peak).toBeLessThan(hpa!.full.peak);
    expect(hpa!.blind.slo).toBeLessThan(hpa!.full.slo - 0.1);
    // Redline (and KPA, which extrapolates): the same order and the same service as with full metrics.
    expect(Math.abs(redline!.blind.peak - redline!.full.peak)).toBeLessThanOrEqual(1);
    expect(redline!.blind.slo).toBeGreaterThan(redline!.full.slo - 0.02);
    expect(Math.abs(kpa!.blind.peak - kpa!.full.peak)).toBeLessThanOrEqual(2);
  });
});
