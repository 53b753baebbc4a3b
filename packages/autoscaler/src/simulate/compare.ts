/**
 * One trace × one policy through fleet-sim with the real router, and the figures the comparison reports.
 */
import { type FleetResult, runFleet, type TimelineSample } from '@redline/fleet-sim';
import type { DeciderName } from '../deciders/types.ts';
import { poissonArrivals, REDLINE_TOKENS, seededRandom } from './arrival-generator.ts';
import { createFleetScaler } from './fleet-scaler.ts';
import type { PolicySetup } from './policies.ts';
import { countReversals, countScaleEvents, longestViolationSeconds, recoverySeconds } from './run-metrics.ts';
import type { RateProfile } from './traces.ts';

export interface FleetSettings {
  profile: string;
  routerPolicy: 'redline' | 'least-request' | 'peak-ewma' | 'random' | 'round-robin';
  gateways: number;
  podStartupMs: number;
  sloMs: number;
  seed: number;
  /** Timeline sample period (the scaler samples every second regardless). */
  sampleEveryMs: number;
  /** Scalers hold and latency statistics ignore this first span. */
  warmupMs: number;
  /** Scrape failures: this share of pods never reports metrics to the scaler (they keep serving). */
  missingMetricsShare?: number;
}

export interface PolicyRun {
  policy: DeciderName;
  trace: string;
  requests: number;
  /** Share of all requests that succeeded within the SLO. */
  sloAttainment: number;
  successRate: number;
  latency: FleetResult['latency'];
  /** GPU-hours of the simulated (scaled-down, time-compressed) run, starting and draining pods included. */
  gpuHours: number;
  scaleEvents: number;
  reversals: number;
  /** Per hour of simulated time. */
  reversalsPerHour: number;
  /** Per hour of the trace's own time (simulated hours × time compression). */
  reversalsPerTraceHour: number;
  /** Mean seconds from each burst's start until p99 was last over the SLO (0: never broke). */
  burstRecoverySec: number | null;
  longestViolationSec: number;
  peakPods: number;
  wallMs: number;
  timeline: TimelineSample[];
}

export function runPolicyOnTrace(
  profile: RateProfile,
  setup: PolicySetup,
  settings: FleetSettings,
  initialPods: number,
): PolicyRun {
  const scaler = createFleetScaler(setup.decider, {
    decideEveryMs: setup.decideEveryMs,
    sampleEveryMs: 1_000,
    warmupMs: settings.warmupMs,
    extrapolateMissing: setup.extrapolateMissing,
  });
  // The same request shape the target was calibrated on (run-comparison.ts).
  const arrivals = poissonArrivals(
    profile.rateAt,
    profile.durationMs,
    seededRandom(settings.seed),
    REDLINE_TOKENS,
  );
  const result = runFleet({
    arrivals,
    profile: settings.profile,
    pods: initialPods,
    gateways: settings.gateways,
    policy: settings.routerPolicy,
    seed: settings.seed,
    podStartupMs: settings.podStartupMs,
    scaler,
    sampleEveryMs: settings.sampleEveryMs,
    sloMs: settings.sloMs,
    deadlineMs: settings.sloMs * 10,
    maxSimMs: profile.durationMs,
    drainLimitMs: 60_000,
    warmupMs: settings.warmupMs,
    missingMetrics: settings.missingMetricsShare ? { share: settings.missingMetricsShare } : undefined,
  });
  const hours = result.simulatedMs / 3_600_000;
  const bursts = profile.burstsAtMs;
  const recoveries = bursts.map((at, i) =>
    recoverySeconds(
      result.timeline,
      at,
      bursts[i + 1] ?? profile.durationMs,
      settings.sloMs,
      settings.sampleEveryMs,
    ),
  );
  const reversals = countReversals(scaler.decisions);
  return {
    policy: setup.name,
    trace: profile.name,
    requests: result.requests,
    sloAttainment: result.withinSloShare,
    successRate: result.requests > 0 ? result.succeeded / result.requests : 1,
    latency: result.latency,
    gpuHours: result.podSeconds / 3600,
    scaleEvents: countScaleEvents(scaler.decisions),
    reversals,
    reversalsPerHour: hours > 0 ? reversals / hours : 0,
    reversalsPerTraceHour: hours > 0 ? reversals / (hours * profile.timeCompression) : 0,
    burstRecoverySec:
      recoveries.length > 0 ? recoveries.reduce((a, b) => a + b, 0) / recoveries.length : null,
    longestViolationSec: longestViolationSeconds(result.timeline, settings.sloMs, settings.sampleEveryMs),
    peakPods: Math.max(initialPods, ...result.timeline.map((s) => s.readyPods + s.startingPods)),
    wallMs: result.wallMs,
    timeline: result.timeline,
  };
}
