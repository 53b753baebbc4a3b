/**
 * Turns a rate profile (requests/s as a function of time) into arrivals: a non-homogeneous Poisson process by
 * thinning-free inversion per 100 ms slice, seeded. Token counts follow Redline's production shape
 * (~50 in / ~50 out): the public traces give the arrival SHAPE only; their token counts belong to other
 * workloads (code completion, chat with kilotoken contexts).
 */
import { sampleTokens, type TokenDistribution, type TraceArrival } from '@redline/fleet-sim';

export interface RequestTokens {
  input: TokenDistribution;
  output: TokenDistribution;
}

/**
 * The one definition of the requests `simulate` serves: the replayed traces draw from it AND the in-sim
 * calibration measures it (sim-calibration.ts). p99 is set by the longest answers, so calibrating on a
 * different shape (it once used fixed 50/50) gives every policy a target the served traffic cannot meet.
 */
export const REDLINE_TOKENS: RequestTokens = {
  input: { kind: 'uniform', min: 40, max: 60 },
  output: { kind: 'uniform', min: 40, max: 60 },
};

const SLICE_MS = 100;

/** Lazily yields arrivals for `rateAt(tMs)` (req/s) over [0, durationMs). */
export function* poissonArrivals(
  rateAt: (tMs: number) => number,
  durationMs: number,
  random: () => number,
  tokens: RequestTokens = REDLINE_TOKENS,
): Generator<TraceArrival> {
  for (let slice = 0; slice < durationMs; slice += SLICE_MS) {
    const rate = Math.max(0, rateAt(slice + SLICE_MS / 2));
    // Exponential gaps within the slice (rate constant inside it).
    let t = slice + exponential(random, rate);
    while (t < slice + SLICE_MS && t < durationMs) {
      yield {
        at: t,
        inputTokens: sampleTokens(tokens.input, random),
        outputTokens: sampleTokens(tokens.output, random),
      };
      t += exponential(random, rate);
    }
  }
}

function exponential(random: () => number, ratePerSec: number): number {
  if (ratePerSec <= 0) return Number.POSITIVE_INFINITY;
  return (-Math.log(1 - random()) / ratePerSec) * 1000;
}

/** mulberry32 (the router's seeded random source): deterministic floats in [0, 1). */
export { mulberry32 as seededRandom } from '@redline/router';
