import { getProfile } from '@redline/pod-model';
import { describe, expect, it } from 'vitest';
import { capacityAtBatchLimit, idealPods } from './capacity.ts';

describe('ideal bound', () => {
  it('derives per-pod capacity at max_num_seqs from the profile', () => {
    const p = getProfile('l40s-llama3.2-3b');
    const bound = capacityAtBatchLimit('l40s-llama3.2-3b', 50, 50);
    const step = p.baseMs + p.perSeqMs * p.maxNumSeqs + p.prefillMsPerToken * p.maxNumSeqs;
    expect(bound.stepMs).toBeCloseTo(step, 9);
    expect(bound.requestsPerSecondPerPod).toBeCloseTo(((p.maxNumSeqs / 50) * 1000) / step, 9);
    expect(idealPods(200_000, bound)).toBeCloseTo(200_000 / bound.requestsPerSecondPerPod, 9);
  });

  it('sizes the bound for pods started with a smaller --max-num-seqs', () => {
    const full = capacityAtBatchLimit('l40s-llama3-8b', 50, 16);
    const eight = capacityAtBatchLimit('l40s-llama3-8b', 50, 16, 8);
    expect(eight.batch).toBe(8);
    expect(eight.requestsPerSecondPerPod).toBeLessThan(full.requestsPerSecondPerPod / 5);
    expect(eight.minLatencyMs).toBe(full.minLatencyMs);
    expect(() => capacityAtBatchLimit('l40s-llama3-8b', 50, 16, 0)).toThrow(RangeError);
  });

  it('reports the unloaded latency floor (8B cannot do 50 tokens in under 1 s)', () => {
    expect(capacityAtBatchLimit('l40s-llama3-8b', 50, 50).minLatencyMs).toBeGreaterThan(1_000);
    expect(capacityAtBatchLimit('l40s-llama3.2-3b', 50, 50).minLatencyMs).toBeLessThan(1_000);
  });
});
