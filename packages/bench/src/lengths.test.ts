import { describe, expect, it } from 'vitest';
import { drawLengths, formatLengthRange, LengthRangeError, parseLengthRange } from './lengths.ts';
import { seededRandom } from './poisson.ts';

describe('request lengths', () => {
  it('parses a fixed length and a range, and rejects nonsense with a typed error', () => {
    expect(parseLengthRange('16')).toEqual({ min: 16, max: 16 });
    expect(parseLengthRange('6-26')).toEqual({ min: 6, max: 26 });
    for (const bad of ['0', '26-6', '6-', 'abc', '1.5', '-3']) {
      expect(() => parseLengthRange(bad)).toThrow(LengthRangeError);
    }
    expect(formatLengthRange({ min: 6, max: 26 })).toBe('6-26');
    expect(formatLengthRange({ min: 16, max: 16 })).toBe('16');
  });

  it('draws every whole length in the range about equally often, and the same ones for the same seed', () => {
    const lengths = drawLengths({ min: 6, max: 26 }, 21_000, seededRandom(7));
    const counts = new Map<number, number>();
    for (const n of lengths) counts.set(n, (counts.get(n) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 21 }, (_, i) => 6 + i));
    for (const c of counts.values()) expect(c).toBeGreaterThan(850); // 1,000 expected each
    const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;
    expect(mean).toBeCloseTo(16, 0);
    expect(drawLengths({ min: 6, max: 26 }, 50, seededRandom(7))).toEqual(lengths.slice(0, 50));
    expect(drawLengths({ min: 16, max: 16 }, 5, seededRandom(1))).toEqual([16, 16, 16, 16, 16]);
  });
});
