import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPods } from '@redline/pod-sim';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DATASET } from '../cli/commands.ts';
import { runEval } from './run-eval.ts';

// The echo engine keeps this fast (harper's WASM warm-up costs ~15 s on the shared box); it still exercises
// pod-sim's real vLLM streaming protocol, usage chunk and latency model. README shows a harper run.
describe('runEval against pod-sim', () => {
  it('streams from a vLLM-compatible pod, records usage and latency, scores an unchanged output', async () => {
    const fleet = await startPods({ count: 1, port: 0, engine: 'echo', timeScale: 0.05 });
    const out = mkdtempSync(join(tmpdir(), 'redline-eval-pod-'));
    try {
      const { summary, items } = await runEval({
        dataset: DEFAULT_DATASET,
        endpoint: fleet.pods[0]!.url,
        model: 'redline/harper-gec',
        out,
        limit: 8,
        concurrency: 4,
      });
      expect(summary.counts).toMatchObject({ items: 8, ok: 8, errors: 0 });
      expect(
        items.every((i) => (i.completionTokens ?? 0) > 0 && (i.promptTokens ?? 0) > 0 && i.ttftMs !== null),
      ).toBe(true);
      expect(items.every((i) => i.output === i.source)).toBe(true);
      expect(summary.latency.ttft.p50!).toBeLessThanOrEqual(summary.latency.e2e.p50!);
      expect(summary.scores.m2).toMatchObject({ proposed: 0, correct: 0, precision: 1, recall: 0, f05: 0 });
      expect(summary.scores.m2.gold).toBeGreaterThan(0);
    } finally {
      await fleet.close();
      rmSync(out, { recursive: true, force: true });
    }
  });
});
