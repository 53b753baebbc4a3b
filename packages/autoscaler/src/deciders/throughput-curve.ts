/**
 * A pod's calibrated concurrency → throughput curve, used to turn observed in-flight requests into offered load.
 * Latency grows with batch size, so concurrency grows faster than load near saturation; sizing the fleet on raw
 * concurrency (as KPA and the HPA do) over-orders during a burst. Converting through the curve sizes it on
 * throughput instead. Between points we interpolate linearly; past the last point the pod is taken as saturated
 * and queueing. By default throughput is then flat: a queue keeps growing for as long as the pod is short,
 * so reading it as demand over-orders (KPA's failure mode, and ours in the diurnal burst when we tried 2×).
 * `maxExtrapolation` > 1 lets demand grow in proportion to concurrency up to that multiple. Under extreme
 * overload the order then grows by (saturation / target throughput) per start-up cycle, re-measured each time.
 */
export interface ThroughputPoint {
  /** In-flight requests on one pod. */
  concurrency: number;
  /** Completed requests per second at that concurrency. */
  throughputRps: number;
}

export interface ThroughputModel {
  /** Requests/s one pod completes at `concurrency` in flight. */
  throughputAt(concurrency: number): number;
  /** Concurrency past which the pod is saturated (the curve's last point); Infinity without a curve. */
  readonly saturationConcurrency: number;
}

/** Without a curve, throughput is proportional to concurrency (constant latency, Little's law). */
export const linearModel: ThroughputModel = {
  throughputAt: (c) => Math.max(0, c),
  saturationConcurrency: Number.POSITIVE_INFINITY,
};

export function createThroughputModel(
  curve: readonly ThroughputPoint[] | undefined,
  maxExtrapolation = 1,
): ThroughputModel {
  if (!curve || curve.length === 0) return linearModel;
  const points = [{ concurrency: 0, throughputRps: 0 }, ...curve]
    .filter((p) => Number.isFinite(p.concurrency) && Number.isFinite(p.throughputRps))
    .sort((a, b) => a.concurrency - b.concurrency);
  // Keep throughput non-decreasing: a noisy measurement must not make more load look like less.
  for (let i = 1; i < points.length; i++) {
    const prev = points[i - 1]!;
    const cur = points[i]!;
    if (cur.throughputRps < prev.throughputRps) points[i] = { ...cur, throughputRps: prev.throughputRps };
  }
  return {
    saturationConcurrency: points[points.length - 1]!.concurrency,
    throughputAt(c: number): number {
      if (c <= 0) return 0;
      for (let i = 1; i < points.length; i++) {
        const hi = points[i]!;
        if (c <= hi.concurrency) {
          const lo = points[i - 1]!;
          const span = hi.concurrency - lo.concurrency;
          const f = span > 0 ? (c - lo.concurrency) / span : 1;
          return lo.throughputRps + f * (hi.throughputRps - lo.throughputRps);
        }
      }
      const last = points[points.length - 1]!;
      if (last.concurrency <= 0) return last.throughputRps;
      return last.throughputRps * Math.min(c / last.concurrency, maxExtrapolation);
    },
  };
}
