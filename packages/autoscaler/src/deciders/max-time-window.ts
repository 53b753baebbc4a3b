/**
 * Rolling maximum over a time window with bucket granularity, the same semantics as Knative's
 * pkg/autoscaler/aggregation/max.TimeWindow: a value recorded in bucket b stays visible while the current bucket
 * index is < b + ceil(duration / granularity). Implemented as a monotone deque (descending maxima), O(1)
 * amortised per record.
 */
export class MaxTimeWindow {
  private readonly buckets: number;
  private readonly entries: { index: number; value: number }[] = [];

  constructor(
    durationMs: number,
    private readonly granularityMs: number,
  ) {
    if (!(durationMs > 0) || !(granularityMs > 0))
      throw new RangeError('duration and granularity must be > 0');
    this.buckets = Math.ceil(durationMs / granularityMs);
  }

  record(nowMs: number, value: number): void {
    const index = Math.floor(nowMs / this.granularityMs);
    const e = this.entries;
    // Values not above the new one can never be the maximum again: the new one is larger and newer.
    while (e.length > 0 && value >= e[e.length - 1]!.value) e.pop();
    while (e.length > 0 && index - e[0]!.index >= this.buckets) e.shift();
    // Several values in one bucket keep the largest.
    const last = e[e.length - 1];
    if (last && last.index === index) {
      last.value = Math.max(last.value, value);
      return;
    }
    e.push({ index, value });
  }

  /** Largest value still in the window as of the last record(); 0 when empty. */
  current(): number {
    return this.entries[0]?.value ?? 0;
  }
}
