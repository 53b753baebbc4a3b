import { describe, expect, it } from 'vitest';
import { buckets125 } from './metrics.ts';

describe('buckets125', () => {
  it('matches vLLM build_1_2_5_buckets', () => {
    expect(buckets125(100)).toEqual([1, 2, 5, 10, 20, 50, 100]);
    expect(buckets125(8192).at(-1)).toBe(5000);
  });
});
