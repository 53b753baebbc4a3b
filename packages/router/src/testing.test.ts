import { describe, expect, it } from 'vitest';
import { manualClock, mulberry32 } from './testing.ts';

describe('mulberry32', () => {
  it('is deterministic, in [0, 1), and roughly uniform', () => {
    const a = mulberry32(123);
    const b = mulberry32(123);
    const xs = Array.from({ length: 10_000 }, () => a());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
    expect(mulberry32(124)()).not.toBe(mulberry32(123)());
  });
});

describe('manualClock', () => {
  it('advances and refuses to go backwards', () => {
    const clock = manualClock(10);
    expect(clock.advance(5)).toBe(15);
    clock.set(20);
    expect(clock.now()).toBe(20);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.set(19)).toThrow(RangeError);
  });
});
