/**
 * Open-loop arrival schedules. Send times are fixed before the run and never wait on responses, so a slow system
 * cannot slow the load down and hide its own tail (coordinated omission).
 */

/** Mulberry32 (the router's seeded random source): deterministic floats in [0, 1). */
import { mulberry32 } from '@redline/router';

export { mulberry32 as seededRandom };

/**
 * The random source of one cell's arrival schedule, from the run's seed and the cell's name (FNV-1a of both).
 * Every system is measured on the very same arrivals for a given scenario and load (common random numbers), so
 * a difference between systems is theirs, not the luck of their Poisson draw.
 */
export function cellRandom(seed: number, ...cell: readonly (string | number)[]): () => number {
  let h = 0x811c9dc5;
  for (const ch of `${seed}|${cell.join('|')}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return mulberry32(h);
}

export interface RatePhase {
  /** Phase length in milliseconds. */
  durationMs: number;
  /** Mean arrivals per second during the phase. */
  ratePerSec: number;
}

/**
 * Intended send times (ms from the run's start) of a Poisson process whose rate is piecewise constant.
 * Exponential gaps; each phase restarts its clock at the phase boundary, which is exact for a Poisson process.
 */
export function poissonSchedule(phases: readonly RatePhase[], random: () => number): number[] {
  const times: number[] = [];
  let phaseStart = 0;
  for (const phase of phases) {
    const phaseEnd = phaseStart + phase.durationMs;
    if (phase.ratePerSec > 0) {
      const meanGapMs = 1000 / phase.ratePerSec;
      let t = phaseStart;
      for (;;) {
        t += -Math.log(1 - random()) * meanGapMs;
        if (t >= phaseEnd) break;
        times.push(t);
      }
    }
    phaseStart = phaseEnd;
  }
  return times;
}
