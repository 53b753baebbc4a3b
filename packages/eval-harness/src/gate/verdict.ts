export type Verdict = 'PASS' | 'FAIL' | 'INCONCLUSIVE';

/**
 * Non-inferiority decision on a confidence interval of Δ = candidate − baseline: FAIL when even the
 * upper bound is below −maxDrop (worse by more than the margin, with that confidence), PASS when the
 * lower bound is at or above −maxDrop, INCONCLUSIVE when the interval straddles the margin.
 */
export function qualityVerdict(ci: readonly [number, number], maxDrop: number): Verdict {
  if (ci[1] < -maxDrop) return 'FAIL';
  if (ci[0] >= -maxDrop) return 'PASS';
  return 'INCONCLUSIVE';
}

/** Latency gate: candidate p99 may grow by at most maxRatio (null when either p99 is unknown). */
export function latencyVerdict(ratio: number | null, maxRatio: number): Verdict {
  if (ratio === null) return 'PASS';
  return ratio > maxRatio ? 'FAIL' : 'PASS';
}

/** FAIL dominates, then INCONCLUSIVE. */
export function combineVerdicts(verdicts: Verdict[]): Verdict {
  if (verdicts.includes('FAIL')) return 'FAIL';
  if (verdicts.includes('INCONCLUSIVE')) return 'INCONCLUSIVE';
  return 'PASS';
}

export const EXIT_CODES: Record<Verdict, number> = { PASS: 0, FAIL: 1, INCONCLUSIVE: 3 };
export const HARNESS_ERROR_EXIT = 2;
