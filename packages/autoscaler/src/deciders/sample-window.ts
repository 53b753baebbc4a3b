/**
 * Timestamped samples over a sliding time span, with the few statistics the redline decider needs: the mean, the
 * minimum or maximum since a time, and a weighted quantile. The decider records one sample per decision (every
 * 2 s), so a 15-minute span holds ~450 samples and a linear scan costs microseconds.
 */
export class SampleWindow {
  private readonly t: number[] = [];
  private readonly v: number[] = [];
  private readonly w: number[] = [];

  /** Samples older than `spanMs` before the newest are dropped. */
  constructor(private readonly spanMs: number) {
    if (!(spanMs > 0)) throw new RangeError('spanMs must be > 0');
  }

  /** Records `value` at `now` with `weight` (default 1); non-finite or negative values are ignored. */
  record(now: number, value: number, weight = 1): void {
    if (!Number.isFinite(value) || value < 0 || !Number.isFinite(weight) || weight < 0) return;
    this.t.push(now);
    this.v.push(value);
    this.w.push(weight);
    let drop = 0;
    while (drop < this.t.length && this.t[drop]! <= now - this.spanMs) drop++;
    if (drop > 0) {
      this.t.splice(0, drop);
      this.v.splice(0, drop);
      this.w.splice(0, drop);
    }
  }

  get size(): number {
    return this.v.length;
  }

  /** Time-average of the samples (NaN when empty). */
  mean(): number {
    if (this.v.length === 0) return Number.NaN;
    let sum = 0;
    for (const x of this.v) sum += x;
    return sum / this.v.length;
  }

  /** Smallest value recorded at or after `since` (NaN when none). */
  minSince(since: number): number {
    let m = Number.POSITIVE_INFINITY;
    for (let i = this.t.length - 1; i >= 0 && this.t[i]! >= since; i--) m = Math.min(m, this.v[i]!);
    return m === Number.POSITIVE_INFINITY ? Number.NaN : m;
  }

  /** Largest value recorded after `since` (0 when none). */
  maxAfter(since: number): number {
    let m = 0;
    for (let i = this.t.length - 1; i >= 0 && this.t[i]! > since; i--) m = Math.max(m, this.v[i]!);
    return m;
  }

  /**
   * Smallest recorded value V such that the samples ≤ V carry at least share q of the total weight (NaN when
   * empty or weightless). With each sample weighted by its load this is a request-weighted quantile.
   */
  weightedQuantile(q: number): number {
    const n = this.v.length;
    let total = 0;
    for (const x of this.w) total += x;
    if (n === 0 || !(total > 0)) return Number.NaN;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => this.v[a]! - this.v[b]!);
    const goal = Math.min(1, Math.max(0, q)) * total;
    let cumulative = 0;
    for (const i of order) {
      cumulative += this.w[i]!;
      if (cumulative >= goal - 1e-9) return this.v[i]!;
    }
    return this.v[order[n - 1]!]!;
  }
}
