/**
 * Calibration inside the simulator, so `simulate` needs no live pod: the same question `calibrate` asks a real
 * pod (highest per-pod concurrency whose p99 meets the SLO, and the concurrency → throughput curve), answered
 * by open-loop runs of a small fleet behind the real router (so routing imbalance is priced in). Per-pod
 * concurrency is measured through Little's law from the timeline's in-flight count. The requests are those
 * the comparison replays (REDLINE_TOKENS): a target measured on another token shape does not hold for the
 * served traffic.
 */

import type { PolicyName } from '@redline/fleet-sim';
import { capacityAtBatchLimit, meanTokens, runFleet } from '@redline/fleet-sim';
import type { ThroughputPoint } from '../deciders/throughput-curve.ts';
import { REDLINE_TOKENS, type RequestTokens } from './arrival-generator.ts';

export interface SimCalibration {
  profile: string;
  sloP99Ms: number;
  targetConcurrencyPerPod: number;
  /** Requests/s per pod at the target. */
  targetRpsPerPod: number;
  curve: (ThroughputPoint & { p99Ms: number })[];
  pods: number;
  /** The request shape measured (the replayed traffic's). */
  tokens: RequestTokens;
}

export function calibrateInSim(options: {
  profile: string;
  sloP99Ms: number;
  routerPolicy: PolicyName;
  seed: number;
  /** Same gateway count as the runs it calibrates (more gateways → staler load views → more imbalance). */
  gateways: number;
  pods?: number;
  seconds?: number;
  /** Default REDLINE_TOKENS, the shape `simulate` replays. */
  tokens?: RequestTokens;
}): SimCalibration {
  const pods = options.pods ?? 16;
  const seconds = options.seconds ?? 30;
  const tokens = options.tokens ?? REDLINE_TOKENS;
  const capacity = capacityAtBatchLimit(
    options.profile,
    meanTokens(tokens.input),
    meanTokens(tokens.output),
  ).requestsPerSecondPerPod;
  const curve: SimCalibration['curve'] = [];
  const measure = (rps: number) => {
    const result = runFleet({
      arrivals: {
        kind: 'poisson',
        qps: rps * pods,
        seconds,
        inputTokens: tokens.input,
        outputTokens: tokens.output,
      },
      profile: options.profile,
      pods,
      gateways: options.gateways,
      policy: options.routerPolicy,
      seed: options.seed,
      deadlineMs: options.sloP99Ms * 10,
      warmupMs: 5_000,
    });
    const steady = result.timeline.filter((s) => s.t >= 5_000 && s.t < seconds * 1000);
    const inFlight = steady.reduce((a, s) => a + s.inFlight, 0) / Math.max(1, steady.length);
    const point = { concurrency: inFlight / pods, throughputRps: rps, p99Ms: result.latency.p99 };
    curve.push(point);
    return point.p99Ms <= options.sloP99Ms && result.failed === 0;
  };
  let lo = 0;
  let hi = Number.NaN;
  for (let r = 4; r < capacity; r *= 2) {
    if (measure(r)) lo = r;
    else {
      hi = r;
      break;
    }
  }
  if (Number.isNaN(hi)) hi = capacity;
  while (hi - lo > Math.max(0.5, lo * 0.02)) {
    const mid = (lo + hi) / 2;
    if (measure(mid)) lo = mid;
    else hi = mid;
  }
  // Past the target the curve bends (latency grows with batch): sample it up to near saturation.
  for (const f of [1.15, 1.3, 1.5]) if (lo * f < capacity * 0.97) measure(lo * f);
  curve.sort((a, b) => a.throughputRps - b.throughputRps);
  const atTarget = curve.find((p) => p.throughputRps === lo);
  return {
    profile: options.profile,
    sloP99Ms: options.sloP99Ms,
    targetConcurrencyPerPod: atTarget ? atTarget.concurrency : 0,
    targetRpsPerPod: lo,
    curve: curve.map((p) => ({ ...p, concurrency: Math.round(p.concurrency * 100) / 100 })),
    pods,
    tokens,
  };
}
