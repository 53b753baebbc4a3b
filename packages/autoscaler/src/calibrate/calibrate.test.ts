import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PodFleet, startPods } from '@redline/pod-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calibrate, formatCurve } from './calibrate.ts';
import { readTargetFile, writeTargetFile } from './target-file.ts';

describe('calibrate against a real pod-sim pod (test-fast profile)', () => {
  let fleet: PodFleet;
  let dir: string;

  beforeAll(async () => {
    fleet = await startPods({ count: 1, port: 0, engine: 'echo', profile: 'test-fast' });
    dir = await mkdtemp(join(tmpdir(), 'redline-calibrate-'));
  });

  afterAll(async () => {
    await fleet?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('finds the highest concurrency meeting the SLO and writes the target file', async () => {
    const url = fleet.pods[0]!.url;
    // test-fast: ~2 ms + 0.05 ms × batch per step, 32 sequences at most (~100–200 ms a request); at 128 the
    // queue alone is ~4 batches deep, so the SLO must break below it.
    const target = await calibrate({
      endpoint: url,
      sloP99Ms: 300,
      maxConcurrency: 128,
      resolution: 0.25,
      level: { maxRequests: 400, maxMs: 700, warmupMs: 150 },
    });
    expect(target.model.length).toBeGreaterThan(0);
    expect(target.targetConcurrencyPerPod).toBeGreaterThanOrEqual(1);
    expect(target.targetConcurrencyPerPod).toBeLessThan(128);
    const passing = target.curve.filter((l) => l.concurrency <= target.targetConcurrencyPerPod);
    for (const level of passing) {
      if (level.concurrency === target.targetConcurrencyPerPod) expect(level.p99Ms).toBeLessThanOrEqual(300);
    }
    // The first level above the target missed the SLO.
    const above = target.curve.find((l) => l.concurrency > target.targetConcurrencyPerPod);
    expect(above === undefined || above.p99Ms === null || above.p99Ms > 300 || above.errors > 0).toBe(true);
    // More concurrency bought more throughput below saturation.
    expect(target.curve.at(-1)!.throughputRps).toBeGreaterThan(target.curve[0]!.throughputRps);
    expect(formatCurve(target)).toContain('meets SLO');

    const file = join(dir, 'target.json');
    await writeTargetFile(file, target);
    expect(await readTargetFile(file)).toEqual(target);
  }, 30_000);
});
