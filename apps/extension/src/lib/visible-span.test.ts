import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { visibleSpan } from './visible-span.ts';

/** Lines of the given heights stacked from y = 0. */
function stack(heights: readonly number[]) {
  const tops: number[] = [];
  let y = 0;
  for (const h of heights) {
    tops.push(y);
    y += h;
  }
  return {
    top: (i: number) => tops[i] as number,
    bottom: (i: number) => (tops[i] as number) + (heights[i] as number),
  };
}

describe('visibleSpan', () => {
  it('finds the lines that reach into the band', () => {
    const s = stack([20, 20, 20, 20, 20]); // 0-20, 20-40, 40-60, 60-80, 80-100
    expect(visibleSpan(5, s.top, s.bottom, 30, 65)).toEqual([1, 3]);
    expect(visibleSpan(5, s.top, s.bottom, 0, 100)).toEqual([0, 4]);
    expect(visibleSpan(5, s.top, s.bottom, 20, 40)).toEqual([0, 2]); // edges touch
  });

  it('is empty above, below, and for no lines', () => {
    const s = stack([20, 20, 20]);
    const [a, b] = visibleSpan(3, s.top, s.bottom, 200, 300);
    expect(a).toBeGreaterThan(b);
    const [c, d] = visibleSpan(3, s.top, s.bottom, -300, -200);
    expect(c).toBeGreaterThan(d);
    const [e, f] = visibleSpan(0, s.top, s.bottom, 0, 100);
    expect(e).toBeGreaterThan(f);
  });

  it('property: agrees with checking every line', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 60 }),
        fc.integer({ min: -50, max: 1500 }),
        fc.integer({ min: 0, max: 400 }),
        (heights, top, height) => {
          const s = stack(heights);
          const want = heights.map((_, i) => i).filter((i) => s.bottom(i) >= top && s.top(i) <= top + height);
          const [first, last] = visibleSpan(heights.length, s.top, s.bottom, top, top + height);
          const got = [];
          for (let i = first; i <= last; i++) got.push(i);
          expect(got).toEqual(want);
        },
      ),
    );
  });
});
