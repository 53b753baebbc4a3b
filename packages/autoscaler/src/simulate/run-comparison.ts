/**
 * `simulate`: every selected trace × every policy through fleet-sim with the real router; returns the figures,
 * writes the JSON report and one SVG chart per trace. The fleet is scaled down by `scale` (fraction of the
 * 200 000 req/s design peak) to keep the run short; all rates and pod counts scale with it, GPU-hours are
 * also reported multiplied back (÷ scale) as an estimate for the full fleet.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MemoryRecorder } from '../deciders/diurnal-memory.ts';
import { redlinePerPodTargetRps } from '../deciders/redline.ts';
import type { DeciderName } from '../deciders/types.ts';
import { REDLINE_TOKENS } from './arrival-generator.ts';
import { type FleetSettings, type PolicyRun, runPolicyOnTrace } from './compare.ts';
import { POLICY_NAMES, setupPolicy } from './policies.ts';
import { calibrateInSim, type SimCalibration } from './sim-calibration.ts';
import { renderChart } from './svg-chart.ts';
import {
  azureProfile,
  diurnalProfile,
  loadAzureCounts,
  type RateProfile,
  stepProfile,
  type TraceName,
} from './traces.ts';

export const DESIGN_PEAK_RPS = 200_000;

export interface SimulateOptions {
  traces: readonly TraceName[];
  /** Fraction of the 200 000 req/s design peak simulated. */
  scale: number;
  podStartupMs: number;
  outDir: string;
  dataDir: string;
  seed: number;
  profile: string;
  gateways: number;
  sloMs: number;
  /** Simulated length of the Azure traces, the diurnal day and the step run. */
  traceMinutes: number;
  dayMinutes: number;
  stepMinutes: number;
  /** Use diurnal memory for redline on the diurnal trace (yesterday = a separate day-1 run). */
  memory: boolean;
  /**
   * When > 0 and the step trace runs: run it again with this share of pods never reporting metrics (scrape
   * failures), reported as a separate scenario. Default 0 (off).
   */
  missingMetricsShare?: number;
  /** Simulated seconds per calibration level (default 30; tests use less). */
  calibrationSeconds?: number;
  log: (line: string) => void;
}

export interface TraceReport {
  trace: TraceName;
  /** A scenario run on the same trace (e.g. missing metrics); no target check. */
  variant?: string;
  description?: string;
  skipped?: string;
  runs: Omit<PolicyRun, 'timeline'>[];
  /** Extra run: the day before, recorded for redline's memory (not part of the comparison). */
  memoryDay?: Omit<PolicyRun, 'timeline'>;
  chart?: string;
  target?: TargetCheck;
}

export interface TargetCheck {
  sloAtLeastOthers: boolean;
  fewerGpuHours: boolean;
  /** Per simulated hour (strict: a compressed trace squeezes its natural ups and downs together). */
  reversalsPerHourAtMostOne: boolean;
  /** Per hour of trace time. */
  reversalsPerTraceHourAtMostOne: boolean;
  /** All three, reversals per simulated hour. */
  met: boolean;
  /** All three, reversals per trace hour. */
  metOnTraceTime: boolean;
}

export interface ComparisonReport {
  generatedAt: string;
  settings: Omit<SimulateOptions, 'log'> & { peakRps: number };
  /** Null when every trace was skipped. */
  calibration: SimCalibration | null;
  traces: TraceReport[];
  wallSeconds: number;
}

const COLORS = { demand: '#999999', desired: '#d62728', ready: '#1f77b4' };

export async function runComparison(
  options: SimulateOptions,
): Promise<{ report: ComparisonReport; jsonPath: string }> {
  const started = performance.now();
  const peakRps = Math.round(DESIGN_PEAK_RPS * options.scale);
  const settings: FleetSettings = {
    profile: options.profile,
    routerPolicy: 'redline',
    gateways: options.gateways,
    podStartupMs: options.podStartupMs,
    sloMs: options.sloMs,
    seed: options.seed,
    sampleEveryMs: 5_000,
    warmupMs: 60_000,
  };
  options.log(
    `fleet scaled to ${(options.scale * 100).toFixed(2)} % of the 200 000 req/s design peak → ${peakRps} req/s peak; ` +
      `profile ${options.profile}, pod start-up ${options.podStartupMs / 1000} s, ${options.gateways} gateways, ` +
      `router policy redline`,
  );
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  await mkdir(options.outDir, { recursive: true });
  const traces: TraceReport[] = [];
  const profiles = await Promise.all(options.traces.map((t) => buildProfile(t, options, peakRps)));
  // Calibrate only when something will run (a run with every trace skipped stays instant).
  const runnable = profiles.some((p) => typeof p !== 'string');
  const calibration = runnable
    ? calibrateInSim({
        profile: options.profile,
        sloP99Ms: options.sloMs,
        routerPolicy: settings.routerPolicy,
        seed: options.seed,
        gateways: options.gateways,
        seconds: options.calibrationSeconds,
        // The requests the traces replay (compare.ts draws from the same constant).
        tokens: REDLINE_TOKENS,
      })
    : null;
  if (calibration) {
    options.log(
      `calibrated in fleet-sim: p99 ≤ ${options.sloMs} ms up to ${calibration.targetConcurrencyPerPod.toFixed(1)} ` +
        `in flight (${calibration.targetRpsPerPod.toFixed(1)} req/s) per pod, on the replayed requests ` +
        `(${describeTokens(calibration.tokens)})`,
    );
  }

  for (const [i, trace] of options.traces.entries()) {
    const profile = profiles[i]!;
    if (typeof profile === 'string' || !calibration) {
      const reason = typeof profile === 'string' ? profile : 'no calibration';
      options.log(`${trace}: skipped — ${reason}`);
      traces.push({ trace, skipped: reason, runs: [] });
      continue;
    }
    options.log(`${trace}: ${profile.description}`);
    const initialPods = initialPodCount(profile, calibration);
    const report: TraceReport = { trace, description: profile.description, runs: [] };
    const timelines = new Map<DeciderName, PolicyRun['timeline']>();
    let memorySeries: MemoryRecorder | undefined;
    if (trace === 'diurnal' && options.memory) {
      // Yesterday: the same kind of day with its own bursts and noise, run by redline without memory.
      const yesterday = diurnalProfile({
        peakRps,
        durationMs: profile.durationMs,
        bursts: [
          { atShare: 0.3, plus: 0.45, lengthMs: 100_000 },
          { atShare: 0.62, plus: 0.5, lengthMs: 120_000 },
        ],
      });
      const day1 = runPolicyOnTrace(
        yesterday,
        setupPolicy('redline', calibration),
        { ...settings, seed: options.seed + 1 },
        initialPods,
      );
      // Memory is what yesterday's load needed (its 60-s mean at redline's per-pod target rate), not what
      // yesterday's run ordered: orders include pods bought for bursts, which would become today's floor.
      memorySeries = recordNeededPods(day1.timeline, redlinePerPodTargetRps(calibration), profile.durationMs);
      const { timeline: _t, ...summary } = day1;
      report.memoryDay = summary;
      options.log(`  ${formatRunLine({ ...summary, policy: 'redline' })} (day before, records memory)`);
    }
    for (const name of POLICY_NAMES) {
      const memory =
        name === 'redline' && memorySeries
          ? {
              series: memorySeries.series,
              periodMs: profile.durationMs,
              leadMs: options.podStartupMs + 60_000,
              fraction: 0.8,
            }
          : undefined;
      const run = runPolicyOnTrace(profile, setupPolicy(name, calibration, memory), settings, initialPods);
      const { timeline, ...summary } = run;
      timelines.set(name, timeline);
      report.runs.push(summary);
      options.log(`  ${formatRunLine(summary)}`);
    }
    report.target = checkTarget(report.runs);
    const chartPath = join(options.outDir, `autoscaler-${stamp}-${trace}.svg`);
    await writeFile(chartPath, chartFor(profile, timelines, calibration, options.scale));
    report.chart = chartPath;
    traces.push(report);

    const missing = options.missingMetricsShare ?? 0;
    if (trace === 'step' && missing > 0) {
      // The complaint "one pod with missing metrics blocks the whole service": the same step, but a share of
      // the pods never reports metrics (they keep serving). Not part of the target: a policy that is blocked
      // and never scales up spends fewer GPU-hours, so "fewer GPU-hours" would reward it.
      const variant = `${Math.round(missing * 100)} % of pods without metrics`;
      options.log(`${trace}, ${variant}:`);
      const blind: TraceReport = {
        trace,
        variant,
        description: `${profile.description}; ${variant}`,
        runs: [],
      };
      const blindTimelines = new Map<DeciderName, PolicyRun['timeline']>();
      for (const name of POLICY_NAMES) {
        const run = runPolicyOnTrace(
          profile,
          setupPolicy(name, calibration),
          { ...settings, missingMetricsShare: missing },
          initialPods,
        );
        const { timeline, ...summary } = run;
        blindTimelines.set(name, timeline);
        blind.runs.push(summary);
        options.log(`  ${formatRunLine(summary)}`);
      }
      blind.chart = join(options.outDir, `autoscaler-${stamp}-${trace}-missing-metrics.svg`);
      await writeFile(
        blind.chart,
        chartFor({ ...profile, description: blind.description! }, blindTimelines, calibration, options.scale),
      );
      traces.push(blind);
    }
  }
  const report: ComparisonReport = {
    generatedAt: new Date().toISOString(),
    settings: { ...withoutLog(options), peakRps },
    calibration,
    traces,
    wallSeconds: (performance.now() - started) / 1000,
  };
  const jsonPath = join(options.outDir, `autoscaler-${stamp}.json`);
  await writeFile(jsonPath, `${JSON.stringify(report, jsonNumbers, 2)}\n`);
  return { report, jsonPath };
}

async function buildProfile(
  trace: TraceName,
  o: SimulateOptions,
  peakRps: number,
): Promise<RateProfile | string> {
  switch (trace) {
    case 'code':
    case 'conv': {
      const path = join(o.dataDir, 'traces', `azure-llm-2023-${trace}.csv`);
      if (!existsSync(path)) return `${path} absent (shared data not mounted)`;
      const counts = await loadAzureCounts(path);
      return azureProfile(trace, counts, { peakRps, durationMs: o.traceMinutes * 60_000, smoothSec: 10 });
    }
    case 'diurnal':
      return diurnalProfile({ peakRps, durationMs: o.dayMinutes * 60_000 });
    case 'step':
      return stepProfile({
        peakRps,
        durationMs: o.stepMinutes * 60_000,
        stepAtMs: Math.min(5 * 60_000, (o.stepMinutes * 60_000) / 3),
      });
  }
}

/**
 * Pods a finished run's load needed (median arrival rate over a window centred on each sample ÷ per-pod
 * rate), shifted back one period for use as memory. The day is over, so the window can be centred (no lag on
 * the ramps), and a median ignores bursts shorter than half the window: they do not recur at the same time
 * the next day.
 */
export function recordNeededPods(
  timeline: PolicyRun['timeline'],
  perPodRps: number,
  periodMs: number,
  windowMs = 300_000,
): MemoryRecorder {
  const recorder = new MemoryRecorder();
  for (const s of timeline) {
    const rates = timeline
      .filter((x) => Math.abs(x.t - s.t) <= windowMs / 2)
      .map((x) => x.arrivalsPerSec)
      .sort((a, b) => a - b);
    const mid = rates.length / 2;
    const median = rates.length % 2 ? rates[Math.floor(mid)]! : (rates[mid - 1]! + rates[mid]!) / 2;
    // Yesterday happened one period before today's clock started.
    recorder.record(s.t - periodMs, Math.ceil(median / perPodRps - 1e-9));
  }
  return recorder;
}

/** Every policy starts from the same fleet: the first minute's mean load at 80 % of the calibrated rate. */
function initialPodCount(profile: RateProfile, calibration: SimCalibration): number {
  let mean = 0;
  for (let t = 0; t < 60_000; t += 1_000) mean += profile.rateAt(t) / 60;
  return Math.max(1, Math.ceil(mean / (calibration.targetRpsPerPod * 0.8)));
}

export function checkTarget(runs: readonly Omit<PolicyRun, 'timeline'>[]): TargetCheck | undefined {
  const redline = runs.find((r) => r.policy === 'redline');
  const others = runs.filter((r) => r.policy !== 'redline');
  if (!redline || others.length === 0) return undefined;
  const sloAtLeastOthers = others.every((o) => redline.sloAttainment >= o.sloAttainment);
  const fewerGpuHours = others.every((o) => redline.gpuHours < o.gpuHours);
  const reversalsPerHourAtMostOne = redline.reversalsPerHour <= 1;
  const reversalsPerTraceHourAtMostOne = redline.reversalsPerTraceHour <= 1;
  const better = sloAtLeastOthers && fewerGpuHours;
  return {
    sloAtLeastOthers,
    fewerGpuHours,
    reversalsPerHourAtMostOne,
    reversalsPerTraceHourAtMostOne,
    met: better && reversalsPerHourAtMostOne,
    metOnTraceTime: better && reversalsPerTraceHourAtMostOne,
  };
}

export function formatRunLine(r: Omit<PolicyRun, 'timeline'>): string {
  return (
    `${r.policy.padEnd(8)} SLO ${(r.sloAttainment * 100).toFixed(2)} %  success ${(r.successRate * 100).toFixed(2)} %  ` +
    `GPU-h ${r.gpuHours.toFixed(2)}  events ${r.scaleEvents}  reversals ${r.reversals} (${r.reversalsPerHour.toFixed(1)}/h)  ` +
    `p99 ${Math.round(r.latency.p99)} ms  peak ${r.peakPods} pods  [${(r.wallMs / 1000).toFixed(1)} s]`
  );
}

function chartFor(
  profile: RateProfile,
  timelines: ReadonlyMap<DeciderName, PolicyRun['timeline']>,
  calibration: SimCalibration,
  scale: number,
): string {
  const perPod = calibration.targetRpsPerPod;
  const panels = [...timelines].map(([name, timeline]) => ({
    title: name,
    series: [
      {
        label: 'demand (pods at target)',
        color: COLORS.demand,
        points: timeline.map((s) => [s.t / 1000, s.arrivalsPerSec / perPod] as const),
      },
      {
        label: 'desired pods',
        color: COLORS.desired,
        points: timeline.map((s) => [s.t / 1000, s.desiredPods] as const),
        dashed: true,
      },
      {
        label: 'ready pods',
        color: COLORS.ready,
        points: timeline.map((s) => [s.t / 1000, s.readyPods] as const),
      },
    ],
  }));
  return renderChart(
    `${profile.name}: demand, desired and ready pods`,
    `fleet scaled ×${scale} of 200k req/s; ${profile.description}`.slice(0, 170),
    panels,
  );
}

function describeTokens(t: SimCalibration['tokens']): string {
  const one = (d: SimCalibration['tokens']['input']) =>
    d.kind === 'uniform' ? `${d.min}–${d.max}` : d.kind === 'fixed' ? `${d.value}` : `~${d.mean}`;
  return `${one(t.input)} in / ${one(t.output)} out tokens`;
}

function withoutLog(o: SimulateOptions): Omit<SimulateOptions, 'log'> {
  const { log: _log, ...rest } = o;
  return rest;
}

/** JSON has no NaN/Infinity: write them as null. */
function jsonNumbers(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}
