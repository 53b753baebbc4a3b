import { describe, expect, it } from 'vitest';
import { ConcurrencyWindows } from './concurrency-windows.ts';

describe('ConcurrencyWindows', () => {
  it('averages buckets over the stable and panic windows', () => {
    const w = new ConcurrencyWindows();
    // 54 s at 10, then 6 s at 100.
    for (let s = 0; s < 54; s++) w.record(s * 1000 + 500, 10);
    for (let s = 54; s < 60; s++) w.record(s * 1000 + 500, 100);
    const avg = w.averages(59_999);
    expect(avg.panic).toBeCloseTo(100);
    expect(avg.stable).toBeCloseTo((54 * 10 + 6 * 100) / 60);
    expect(avg.hasData).toBe(true);
  });

  it('averages several samples within one bucket first', () => {
    const w = new ConcurrencyWindows();
    w.record(100, 10);
    w.record(600, 30);
    w.record(1_200, 50);
    expect(w.averages(1_500).stable).toBeCloseTo((20 + 50) / 2);
  });

  it('forgets buckets older than the stable window', () => {
    const w = new ConcurrencyWindows({ stableWindowMs: 10_000, panicWindowMs: 2_000 });
    w.record(0, 1_000);
    for (let s = 1; s <= 10; s++) w.record(s * 1000, 5);
    expect(w.averages(10_000).stable).toBeCloseTo(5);
  });

  it('ignores gaps instead of reading them as zero', () => {
    const w = new ConcurrencyWindows();
    w.record(1_000, 40);
    w.record(30_000, 40);
    expect(w.averages(31_000)).toEqual({ stable: 40, panic: 40, hasData: true });
  });

  it('falls back to the stable view when the panic window is empty', () => {
    const w = new ConcurrencyWindows();
    w.record(1_000, 40);
    const avg = w.averages(20_000);
    expect(avg.panic).toBe(40);
    expect(new ConcurrencyWindows().averages(0).hasData).toBe(false);
  });
});
