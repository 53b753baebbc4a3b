import { describe, expect, it } from 'vitest';
import { batchSegments, MAX_CHARS_PER_REQUEST, MAX_SEGMENTS_PER_REQUEST } from './limits.ts';

describe('batchSegments', () => {
  it('respects the segment count and character limits and keeps order', () => {
    const many = Array.from({ length: 120 }, (_, i) => ({ text: `s${i}` }));
    const batches = batchSegments(many);
    expect(batches.map((b) => b.length)).toEqual([MAX_SEGMENTS_PER_REQUEST, MAX_SEGMENTS_PER_REQUEST, 20]);
    expect(batches.flat()).toEqual(many);

    const long = Array.from({ length: 5 }, () => ({ text: 'x'.repeat(1000) }));
    for (const b of batchSegments(long))
      expect(b.reduce((n, s) => n + s.text.length, 0)).toBeLessThanOrEqual(MAX_CHARS_PER_REQUEST);
  });
});
