import { describe, expect, it } from 'vitest';
import type { LevelResult } from './closed-loop.ts';
import { sweepConcurrency } from './sweep.ts';

/** A pod whose latency is 500 ms + 5 ms per concurrent request: p99 ≤ 1 000 ms up to concurrency 100. */
const fakeMeasure =
  (probed: number[]) =>
  async (c: number): Promise<LevelResult> => {
    probed.push(c);
    const latency = 500 + 5 * c;
    return {
      concurrency: c,
      requests: 200,
      errors: 0,
      p50Ms: latency,
      p99Ms: latency,
      throughputRps: (c * 1000) / latency,
    };
  };

describe('sweepConcurrency', () => {
  it('doubles, then bisects to the highest level meeting the SLO', async () => {
    const probed: number[] = [];
    const result = await sweepConcurrency(fakeMeasure(probed), {
      sloP99Ms: 1000,
      maxConcurrency: 1024,
      resolution: 0,
    });
    expect(result.targetConcurrencyPerPod).toBe(100);
    expect(probed.slice(0, 8)).toEqual([1, 2, 4, 8, 16, 32, 64, 128]);
    expect(probed.length).toBeLessThan(16);
    expect(result.curve.map((l) => l.concurrency)).toEqual([...probed].sort((a, b) => a - b));
  });

  it('stops at the cap when every level passes', async () => {
    const result = await sweepConcurrency(fakeMeasure([]), { sloP99Ms: 10_000, maxConcurrency: 48 });
    expect(result.targetConcurrencyPerPod).toBe(48);
  });

  it('reports 0 when even one request at a time misses the SLO', async () => {
    const result = await sweepConcurrency(fakeMeasure([]), { sloP99Ms: 100, maxConcurrency: 64 });
    expect(result.targetConcurrencyPerPod).toBe(0);
    expect(result.curve).toHaveLength(1);
  });

  it('fails a level with too many errors even when it is fast', async () => {
    const result = await sweepConcurrency(
      async (c) => ({
        concurrency: c,
        requests: 100,
        errors: c >= 8 ? 5 : 0,
        p50Ms: 10,
        p99Ms: 10,
        throughputRps: c,
      }),
      { sloP99Ms: 1000, maxConcurrency: 64, resolution: 0 },
    );
    expect(result.targetConcurrencyPerPod).toBe(7);
  });
});
