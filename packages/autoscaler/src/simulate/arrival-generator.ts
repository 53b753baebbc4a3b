/**
 * Turns a rate profile (requests/s as a function of time) into arrivals: a non-homogeneous Poisson process by
 * thinning-free inversion per 100 ms slice, seeded. Token counts follow Redline's production shape
 * (~50 in / ~50 out): the public traces give the arrival SHAPE only; their token counts belong to other
 * workloads (code completion, chat with kilotoken contexts).
 */
import type { TraceArrival } from '@redline/fleet-sim';

export interface TokenShape {
  inputMin: number;
  inputMax: number;
  outputMin: number;
  outputMax: number;
}

export const REDLINE_TOKENS: TokenShape = { inputMin: 40, inputMax: 60, outputMin: 40, outputMax: 60 };

const SLICE_MS = 100;

/** Lazily yields arrivals for `rateAt(tMs)` (req/s) over [0, durationMs). */
export function* poissonArrivals(
  rateAt: (tMs: number) => number,
  durationMs: number,
  random: () => number,
  tokens: TokenShape = REDLINE_TOKENS,
): Generator<TraceArrival> {
  for (let slice = 0; slice < durationMs; slice += SLICE_MS) {
    const rate = Math.max(0, rateAt(slice + SLICE_MS / 2));
    // Exponential gaps within the slice (rate constant inside it).
    let t = slice + exponential(random, rate);
    while (t < slice + SLICE_MS && t < durationMs) {
      yield {
        at: t,
        inputTokens: uniformInt(random, tokens.inputMin, tokens.inputMax),
        outputTokens: uniformInt(random, tokens.outputMin, tokens.outputMax),
      };
      t += exponential(random, rate);
    }
  }
}

function exponential(random: () => number, ratePerSec: number): number {
  if (ratePerSec <= 0) return Number.POSITIVE_INFINITY;
  return (-Math.log(1 - random()) / ratePerSec) * 1000;
}

function uniformInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** mulberry32 (the router's seeded random source): deterministic floats in [0, 1). */
export { mulberry32 as seededRandom } from '@redline/router';
