/**
 * Test doubles for code that drives a Router: a seeded PRNG and a manually advanced clock.
 * Exported as '@redline/router/testing' so the gateway's and fleet-sim's tests use the same ones.
 */
import type { Clock, RandomSource } from './types.ts';

/**
 * mulberry32: a tiny, fast 32-bit PRNG (Tommy Ettinger, public domain) with full 2^32 period — good enough
 * for load-balancing draws and simulation, deterministic for a seed. Returns floats in [0, 1).
 */
export function mulberry32(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ManualClock extends Clock {
  /** Move time forward by ms (negative values are rejected: the clock is monotonic). */
  advance(ms: number): number;
  /** Jump to an absolute time not earlier than now. */
  set(ms: number): void;
}

export function manualClock(start = 0): ManualClock {
  let current = start;
  return {
    now: () => current,
    advance(ms: number) {
      if (!(ms >= 0)) throw new RangeError(`manualClock.advance: ${ms} is not a non-negative number`);
      current += ms;
      return current;
    },
    set(ms: number) {
      if (!(ms >= current)) throw new RangeError(`manualClock.set: ${ms} is before now (${current})`);
      current = ms;
    },
  };
}
