import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REDLINE_TOKENS } from './arrival-generator.ts';
import { formatComparisonTable } from './format-report.ts';
import { recordNeededPods, runComparison } from './run-comparison.ts';

describe('runComparison (tiny step run in fleet-sim)', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('runs every policy, writes the JSON report and an SVG chart, and states the scaling', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'redline-simulate-'));
    dirs.push(outDir);
    const lines: string[] = [];
    const { report, jsonPath } = await runComparison({
      traces: ['step'],
      scale: 0.0005,
      podStartupMs: 30_000,
      outDir,
      dataDir: join(outDir, 'no-data'),
      seed: 3,
      profile: 'l40s-llama3.2-3b',
      gateways: 1,
      sloMs: 1000,
      traceMinutes: 1,
      dayMinutes: 1,
      stepMinutes: 3,
      memory: false,
      missingMetricsShare: 0.5,
      calibrationSeconds: 12,
      log: (l) => lines.push(l),
    });
    expect(report.settings.peakRps).toBe(100);
    // The target was calibrated on the requests the traces replay.
    expect(report.calibration?.tokens).toEqual(REDLINE_TOKENS);
    expect(lines.join('\n')).toContain('on the replayed requests (40–60 in / 40–60 out tokens)');
    const step = report.traces[0]!;
    expect(step.runs.map((r) => r.policy)).toEqual(['kpa', 'hpa', 'redline']);
    for (const r of step.runs) {
      expect(r.requests).toBeGreaterThan(10_000);
      expect(r.sloAttainment).toBeGreaterThan(0);
      expect(r.sloAttainment).toBeLessThanOrEqual(1);
      expect(r.gpuHours).toBeGreaterThan(0);
    }
    expect(existsSync(jsonPath)).toBe(true);
    expect(JSON.parse(readFileSync(jsonPath, 'utf8')).traces[0].runs).toHaveLength(3);
    expect(readFileSync(step.chart!, 'utf8')).toContain('<svg');
    expect(lines.join('\n')).toContain('0.05 % of the 200 000 req/s design peak');
    // The missing-metrics scenario: the same step again, reported apart and without a target check.
    const blind = report.traces[1]!;
    expect(blind).toMatchObject({ trace: 'step', variant: '50 % of pods without metrics' });
    expect(blind.runs.map((r) => r.policy)).toEqual(['kpa', 'hpa', 'redline']);
    expect(blind.target).toBeUndefined();
    expect(readFileSync(blind.chart!, 'utf8')).toContain('<svg');
    const table = formatComparisonTable(report);
    expect(table).toContain('| step | redline |');
    expect(table).toContain('| step (50 % of pods without metrics) | hpa |');
    expect(table).toMatch(/step: target (MET|NOT met)/);
  }, 60_000);

  it('skips an Azure trace with a reason when the shared data is absent', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'redline-simulate-'));
    dirs.push(outDir);
    const { report } = await runComparison({
      traces: ['code'],
      scale: 0.0005,
      podStartupMs: 30_000,
      outDir,
      dataDir: join(outDir, 'no-data'),
      seed: 1,
      profile: 'l40s-llama3.2-3b',
      gateways: 1,
      sloMs: 1000,
      traceMinutes: 1,
      dayMinutes: 1,
      stepMinutes: 1,
      memory: false,
      log: () => {},
    });
    expect(report.traces[0]!.skipped).toContain('absent');
  }, 60_000);
});

describe('recordNeededPods (diurnal memory from the day before)', () => {
  it('records the pods the load needed: bursts ignored, a lasting rise followed without lag', () => {
    const sample = (t: number, arrivalsPerSec: number) => ({
      t,
      arrivalsPerSec,
      inFlight: 0,
      desiredPods: 99, // what that run ordered: not what memory records
      readyPods: 99,
      startingPods: 0,
      p99Ms: 0,
    });
    // 5-s samples at 50 req/s per pod: 100 req/s with a 2-minute burst to 400 at 4 min, then from 10 min a
    // lasting rise to 300.
    const MIN = 60_000;
    const rate = (t: number) => (t >= 10 * MIN ? 300 : t >= 4 * MIN && t < 6 * MIN ? 400 : 100);
    const timeline = [];
    for (let t = 0; t < 20 * MIN; t += 5_000) timeline.push(sample(t, rate(t)));
    const series = recordNeededPods(timeline, 50, 24 * 60 * MIN).series;
    const at = (t: number) => series.filter((p) => p.t <= t - 24 * 60 * MIN).at(-1)!.desiredPods;
    expect(series[0]).toEqual({ t: -24 * 60 * MIN, desiredPods: 2 });
    // The burst (under half of the centred 5-min window) leaves no trace: it will not recur tomorrow.
    expect(Math.max(...series.filter((p) => p.t < 9 * MIN - 24 * 60 * MIN).map((p) => p.desiredPods))).toBe(
      2,
    );
    // The lasting rise is in memory from the minute it happened (a trailing window would lag it).
    expect(at(10 * MIN)).toBe(6);
    expect(at(9 * MIN + 55_000)).toBe(2);
  });
});
