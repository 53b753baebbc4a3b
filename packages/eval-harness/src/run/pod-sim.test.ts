import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPods } from '@redline/pod-sim';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DATASET } from '../cli/commands.ts';
import { runEval } from './run-eval.ts';

describe('runEval against pod-sim (harper engine)', () => {
  it('streams real corrections, records usage and latency, scores them', async () => {
    const fleet = await startPods({ count: 1, port: 0, engine: 'harper', timeScale: 0.02 });
    const out = mkdtempSync(join(tmpdir(), 'redline-eval-pod-'));
    try {
      const { summary, items } = await runEval({
        dataset: DEFAULT_DATASET,
        endpoint: fleet.pods[0]!.url,
        model: 'redline/harper-gec',
        out,
        limit: 4,
        concurrency: 4,
      });
      expect(summary.counts.errors).toBe(0);
      expect(summary.counts.ok).toBe(4);
      expect(items.every((i) => (i.completionTokens ?? 0) > 0 && i.ttftMs !== null)).toBe(true);
      expect(summary.latency.ttft.p50!).toBeLessThanOrEqual(summary.latency.e2e.p50!);
      expect(summary.scores.m2.proposed).toBeGreaterThan(0);
      expect(summary.scores.m2.f05).toBeGreaterThanOrEqual(0);
      expect(summary.scores.gleu).not.toBeNull();
    } finally {
      await fleet.close();
      rmSync(out, { recursive: true, force: true });
    }
  });
});
