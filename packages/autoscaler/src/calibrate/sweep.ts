/**
 * The concurrency search: double the level until p99 breaks the SLO (or requests fail, or the cap is hit),
 * then bisect between the last passing and first failing level. `measure` is injected, so the search is
 * tested without a server. Returns every measured level (the curve) sorted by concurrency.
 */
import type { LevelResult } from './closed-loop.ts';

export interface SweepOptions {
  sloP99Ms: number;
  /** Highest concurrency to try. */
  maxConcurrency: number;
  /** Stop bisecting when hi − lo ≤ max(1, lo × this). Default 0.05. */
  resolution?: number;
  /** Error share above which a level fails regardless of latency. Default 0.01. */
  maxErrorShare?: number;
}

export interface SweepResult {
  /** Highest measured concurrency meeting the SLO; 0 when even 1 fails. */
  targetConcurrencyPerPod: number;
  curve: LevelResult[];
}

export function levelPasses(level: LevelResult, options: SweepOptions): boolean {
  const errorShare = level.requests > 0 ? level.errors / level.requests : 1;
  return (
    Number.isFinite(level.p99Ms) &&
    level.p99Ms <= options.sloP99Ms &&
    errorShare <= (options.maxErrorShare ?? 0.01)
  );
}

export async function sweepConcurrency(
  measure: (concurrency: number) => Promise<LevelResult>,
  options: SweepOptions,
  onLevel?: (level: LevelResult, passed: boolean) => void,
): Promise<SweepResult> {
  const curve: LevelResult[] = [];
  const probe = async (c: number) => {
    const level = await measure(c);
    const passed = levelPasses(level, options);
    curve.push(level);
    onLevel?.(level, passed);
    return passed;
  };
  let lo = 0;
  let hi = Number.NaN;
  for (let c = 1; c <= options.maxConcurrency; c *= 2) {
    if (await probe(c)) lo = c;
    else {
      hi = c;
      break;
    }
  }
  if (Number.isNaN(hi) && lo < options.maxConcurrency) {
    // Passed every doubling: try the cap itself.
    if (await probe(options.maxConcurrency)) lo = options.maxConcurrency;
    else hi = options.maxConcurrency;
  }
  const resolution = options.resolution ?? 0.05;
  while (lo > 0 && !Number.isNaN(hi) && hi - lo > Math.max(1, lo * resolution)) {
    const mid = Math.floor((lo + hi) / 2);
    if (await probe(mid)) lo = mid;
    else hi = mid;
  }
  curve.sort((a, b) => a.concurrency - b.concurrency);
  return { targetConcurrencyPerPod: lo, curve };
}
