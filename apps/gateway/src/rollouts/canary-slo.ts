/** When a canary is judged unhealthy and rolled back by itself. */
export interface CanarySlo {
  /** Error share above which the canary fails. Default 0.01 (1 %). */
  maxErrorRate: number;
  /** p99 latency (ms) above which the canary fails. Default 1000 (the product's p99 objective). */
  maxP99Ms: number;
  /** Sliding window the rule looks at. Default 60 000 ms. */
  windowMs: number;
  /** No verdict before the window holds this many requests: 1 error in 3 requests is noise. Default 100. */
  minRequests: number;
}

export const DEFAULT_CANARY_SLO: Readonly<CanarySlo> = Object.freeze({
  maxErrorRate: 0.01,
  maxP99Ms: 1000,
  windowMs: 60_000,
  minRequests: 100,
});

/** Counts over the window: `slow` = requests slower than the SLO's maxP99Ms. */
export interface WindowCounts {
  requests: number;
  errors: number;
  slow: number;
}

export type SloVerdict =
  | { state: 'insufficient'; counts: WindowCounts }
  | { state: 'healthy'; counts: WindowCounts; errorRate: number }
  | { state: 'breached'; counts: WindowCounts; errorRate: number; reason: string };

/**
 * The auto-rollback rule, a pure function of the window's counts. "p99 > T" is decided exactly from the
 * count of requests slower than T: the nearest-rank p99 of n samples is the ceil(0.99·n)-th smallest, so it
 * exceeds T exactly when fewer than ceil(0.99·n) samples are ≤ T. No histogram approximation at the boundary.
 */
export function evaluateCanarySlo(counts: WindowCounts, slo: CanarySlo): SloVerdict {
  if (counts.requests < Math.max(1, slo.minRequests)) return { state: 'insufficient', counts };
  const errorRate = counts.errors / counts.requests;
  const windowS = Math.round(slo.windowMs / 1000);
  const over = `over ${counts.requests} canary requests in the last ${windowS} s`;
  if (errorRate > slo.maxErrorRate) {
    const reason = `canary SLO breached: error rate ${pct(errorRate)} > ${pct(slo.maxErrorRate)} ${over}`;
    return { state: 'breached', counts, errorRate, reason };
  }
  const rank = Math.ceil(0.99 * counts.requests);
  if (counts.requests - counts.slow < rank) {
    const reason =
      `canary SLO breached: p99 latency > ${slo.maxP99Ms} ms ` +
      `(${counts.slow} of ${counts.requests} requests slower) ${over}`;
    return { state: 'breached', counts, errorRate, reason };
  }
  return { state: 'healthy', counts, errorRate };
}

function pct(share: number): string {
  return `${(share * 100).toFixed(share < 0.1 ? 2 : 1)}%`;
}
