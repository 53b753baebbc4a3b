import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSequences, type Hunk } from './myers-diff.ts';

/** Rebuild b from a and the hunks (everything between hunks must be equal). */
function rebuild(a: readonly number[], b: readonly number[], hunks: readonly Hunk[]): number[] {
  const out: number[] = [];
  let x = 0;
  let y = 0;
  for (const h of hunks) {
    expect(h.aStart - x).toBe(h.bStart - y);
    out.push(...a.slice(x, h.aStart));
    out.push(...b.slice(h.bStart, h.bEnd));
    x = h.aEnd;
    y = h.bEnd;
  }
  out.push(...a.slice(x));
  return out;
}

function lcsLength(a: readonly number[], b: readonly number[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j] as number;
      row[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(up, row[j - 1] as number);
      diagonal = up;
    }
  }
  return row[b.length] as number;
}

const changed = (hunks: readonly Hunk[]) =>
  hunks.reduce((n, h) => n + h.aEnd - h.aStart + h.bEnd - h.bStart, 0);

describe('diffSequences', () => {
  it('finds a shortest edit script (compared with an LCS table)', () => {
    const seq = fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 40 });
    fc.assert(
      fc.property(seq, seq, (a, b) => {
        const hunks = diffSequences(a, b);
        expect(rebuild(a, b, hunks)).toEqual(b);
        expect(changed(hunks)).toBe(a.length + b.length - 2 * lcsLength(a, b));
        for (let i = 1; i < hunks.length; i++) {
          expect((hunks[i] as Hunk).aStart).toBeGreaterThan((hunks[i - 1] as Hunk).aEnd);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('stays correct, and bounded, on long unrelated sequences (patience fallback)', () => {
    const long = fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1500, maxLength: 2500 });
    fc.assert(
      fc.property(long, long, (a, b) => {
        const t0 = performance.now();
        const hunks = diffSequences(a, b);
        const elapsed = performance.now() - t0;
        expect(rebuild(a, b, hunks)).toEqual(b);
        // Loose bound: catches an accidental quadratic blow-up, not a benchmark.
        expect(elapsed).toBeLessThan(2000);
      }),
      { numRuns: 10 },
    );
  });

  it('keeps shared unique tokens of heavily rewritten text as anchors', () => {
    const a = Array.from({ length: 3000 }, (_, i) => (i === 1500 ? 1_000_000 : i % 7));
    const b = Array.from({ length: 3000 }, (_, i) => (i === 1400 ? 1_000_000 : 10 + (i % 11)));
    const hunks = diffSequences(a, b);
    expect(rebuild(a, b, hunks)).toEqual(b);
    expect(hunks).toHaveLength(2);
    expect(hunks[0]?.aEnd).toBe(1500);
    expect(hunks[1]?.aStart).toBe(1501);
  });
});
