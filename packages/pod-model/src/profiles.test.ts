import { describe, expect, it } from 'vitest';
import { createEngine } from './engine.ts';
import { decodeThroughput, estimateStepMs, getProfile, profileNames, profiles } from './profiles.ts';

/** Published Llama-3.1-8B on L40S output tokens/s by batch size. */
const PUBLISHED_8B: [batch: number, tokensPerSecond: number][] = [
  [1, 44],
  [8, 325],
  [32, 1124],
];

/** Run `batch` long sequences through a real engine and measure steady-state decode throughput. */
function simulatedThroughput(profileName: string, batch: number): number {
  const engine = createEngine({ profile: profileName });
  for (let i = 0; i < batch; i++)
    engine.submit({ id: i, promptTokens: 50, maxOutputTokens: 400, outputTokens: 400 }, 0);
  engine.step(Number.POSITIVE_INFINITY); // the prefill step
  const start = engine.nextStepAt() ?? 0;
  let tokens = 0;
  let end = start;
  for (let s = 0; s < 200; s++) {
    const r = engine.step(Number.POSITIVE_INFINITY);
    if (!r) break;
    tokens += r.batchSize;
    end = r.endedAt;
  }
  return (tokens * 1000) / (end - start);
}

describe('profiles', () => {
  it('ship the L40S 8B, a small-model and a fast test profile', () => {
    expect(profileNames()).toEqual(
      expect.arrayContaining(['l40s-llama3-8b', 'l40s-llama3.2-3b', 'test-fast']),
    );
    for (const p of Object.values(profiles)) {
      expect(p.maxNumSeqs).toBeGreaterThan(0);
      expect(p.kvCapacityTokens).toBeGreaterThanOrEqual(p.maxModelLen);
    }
  });

  it('getProfile rejects unknown names with the known ones listed', () => {
    expect(() => getProfile('h100-gpt5')).toThrow(/known: .*l40s-llama3-8b/);
  });

  it('estimateStepMs is base + perSeq × running + prefill × tokens', () => {
    const p = getProfile('l40s-llama3-8b');
    expect(estimateStepMs(p, 0, 0)).toBeCloseTo(p.baseMs);
    expect(estimateStepMs(p, 10, 100)).toBeCloseTo(p.baseMs + 10 * p.perSeqMs + 100 * p.prefillMsPerToken);
  });

  for (const [batch, published] of PUBLISHED_8B) {
    it(`l40s-llama3-8b decodes within 15% of the published ${published} tok/s at batch ${batch}`, () => {
      const p = getProfile('l40s-llama3-8b');
      expect(Math.abs(decodeThroughput(p, batch) / published - 1)).toBeLessThan(0.15);
      expect(Math.abs(simulatedThroughput('l40s-llama3-8b', batch) / published - 1)).toBeLessThan(0.15);
    });
  }

  it('the 3B profile is faster per token than the 8B one at every batch size', () => {
    for (const batch of [1, 8, 32, 128]) {
      expect(decodeThroughput(getProfile('l40s-llama3.2-3b'), batch)).toBeGreaterThan(
        decodeThroughput(getProfile('l40s-llama3-8b'), batch),
      );
    }
  });
});
