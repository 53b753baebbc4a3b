/**
 * Open-loop arrival schedules. Send times are fixed before the run and never wait on responses, so a slow system
 * cannot slow the load down and hide its own tail (coordinated omission).
 */

/** Mulberry32: a small, fast, seeded PRNG; uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
