/**
 * Open-loop arrival schedules. Send times are fixed before the run and never wait on responses, so a slow system
 * cannot slow the load down and hide its own tail (coordinated omission).
 */

/** Mulberry32 (the router's seeded random source): deterministic floats in [0, 1). */
export { mulberry32 as seededRandom } from '@redline/router';

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
