import { describe, expect, it } from 'vitest';
import { countPicks, fixture } from '../../../test/helpers.ts';

describe('random', () => {
  it('spreads uniformly (chi-square well under the 99.9% critical value)', () => {
    const { router } = fixture('random', 10);
    const n = 20_000;
    const counts = countPicks(router, n);
    expect(counts.size).toBe(10);
    const expected = n / 10;
    const chi2 = [...counts.values()].reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(27.9); // df = 9, p = 0.001
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const seq = (seed: number) => {
      const { router } = fixture('random', 10, {}, seed);
      return [...countPicks(router, 200).entries()].sort().join();
    };
    expect(seq(7)).toBe(seq(7));
    expect(seq(7)).not.toBe(seq(8));
  });
});
