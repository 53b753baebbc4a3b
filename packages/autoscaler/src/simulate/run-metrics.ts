/** Figures derived from a run's timeline and decisions: reversals, recovery after bursts, SLO episodes. */
import type { TimelineSample } from '@redline/fleet-sim';
import type { DecisionRecord } from './fleet-scaler.ts';

type Change = Pick<DecisionRecord, 'current' | 'desired'>;

/** Direction changes of the order: an increase after a decrease, or a decrease after an increase. */
export function countReversals(decisions: readonly Change[]): number {
  let last = 0;
  let reversals = 0;
  for (const d of decisions) {
    if (d.desired === d.current) continue;
    const dir = Math.sign(d.desired - d.current);
    if (last !== 0 && dir !== last) reversals++;
    last = dir;
  }
  return reversals;
}

/** Changes of the order (decisions whose desired count differs from the current one). */
export function countScaleEvents(decisions: readonly Change[]): number {
  return decisions.filter((d) => d.desired !== d.current).length;
}

const overSlo = (s: TimelineSample, sloMs: number) => Number.isFinite(s.p99Ms) && s.p99Ms > sloMs;

/**
 * Seconds from `fromMs` to the end of the last sample in [fromMs, untilMs) whose p99 exceeded the SLO: how long
 * the burst hurt. 0 when p99 never broke.
 */
export function recoverySeconds(
  timeline: readonly TimelineSample[],
  fromMs: number,
  untilMs: number,
  sloMs: number,
  sampleMs: number,
): number {
  let lastBad = Number.NaN;
  for (const s of timeline) {
    if (s.t < fromMs || s.t >= untilMs) continue;
    if (overSlo(s, sloMs)) lastBad = s.t;
  }
  return Number.isNaN(lastBad) ? 0 : (lastBad + sampleMs - fromMs) / 1000;
}

/** Longest run of consecutive samples with p99 over the SLO, seconds. */
export function longestViolationSeconds(
  timeline: readonly TimelineSample[],
  sloMs: number,
  sampleMs: number,
): number {
  let longest = 0;
  let start = Number.NaN;
  for (const s of timeline) {
    if (overSlo(s, sloMs)) {
      if (Number.isNaN(start)) start = s.t;
      longest = Math.max(longest, s.t + sampleMs - start);
    } else start = Number.NaN;
  }
  return longest / 1000;
}
