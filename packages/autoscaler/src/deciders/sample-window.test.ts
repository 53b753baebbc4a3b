import { describe, expect, it } from 'vitest';
import { SampleWindow } from './sample-window.ts';

describe('SampleWindow', () => {
  it('drops samples older than its span', () => {
    const w = new SampleWindow(10_000);
    w.record(0, 100);
    w.record(5_000, 10);
    w.record(10_000, 20);
    // The sample at 0 is exactly one span old: gone.
    expect(w.size).toBe(2);
    expect(w.mean()).toBe(15);
  });

  it('answers min since and max after a time', () => {
    const w = new SampleWindow(60_000);
    for (const [t, v] of [
      [0, 5],
      [2_000, 9],
      [4_000, 3],
      [6_000, 7],
    ] as const)
      w.record(t, v);
    expect(w.minSince(2_000)).toBe(3);
    expect(w.minSince(6_000)).toBe(7);
    expect(w.minSince(7_000)).toBeNaN();
    expect(w.maxAfter(0)).toBe(9);
    expect(w.maxAfter(2_000)).toBe(7);
    expect(w.maxAfter(6_000)).toBe(0);
  });

  it('weights the quantile: one busy sample outweighs many quiet ones', () => {
    const w = new SampleWindow(60_000);
    // Nine quiet seconds at 10 req/s and one burst at 910 req/s: 90 % of the time is quiet,
    // but 91 % of the requests arrived in the burst.
    for (let i = 0; i < 9; i++) w.record(i * 1_000, 10, 10);
    w.record(9_000, 910, 910);
    expect(w.weightedQuantile(0.5)).toBe(910);
    expect(w.weightedQuantile(0.05)).toBe(10);
    // Unit weights: the time-weighted median is the quiet level.
    const t = new SampleWindow(60_000);
    for (let i = 0; i < 9; i++) t.record(i * 1_000, 10);
    t.record(9_000, 910);
    expect(t.weightedQuantile(0.5)).toBe(10);
    expect(new SampleWindow(1_000).weightedQuantile(0.5)).toBeNaN();
  });

  it('ignores negative and non-finite samples', () => {
    const w = new SampleWindow(1_000);
    w.record(0, Number.NaN);
    w.record(0, -1);
    w.record(0, Number.POSITIVE_INFINITY);
    expect(w.size).toBe(0);
  });
});
