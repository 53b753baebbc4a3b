/**
 * Time-bucketed averages of a sampled total (in-flight requests across pods) over a long "stable" window and a
 * short "panic" window, as Knative's metric collector keeps them (1 s buckets; a window's value is the mean of
 * its buckets that hold data, so a scrape gap neither reads as zero load nor blocks the decision). Shared by the
 * simulator adapters and the Kubernetes controller.
 */
export interface ConcurrencyWindowsOptions {
  /** Default 60 000 ms (Knative stable-window). */
  stableWindowMs?: number;
  /** Default 6 000 ms (Knative panic-window-percentage 10 % of 60 s). */
  panicWindowMs?: number;
  /** Bucket width. Default 1 000 ms. */
  bucketMs?: number;
}

export interface WindowAverages {
  stable: number;
  panic: number;
  /** Whether any bucket holds data inside the stable window. */
  hasData: boolean;
}

export class ConcurrencyWindows {
  readonly stableWindowMs: number;
  readonly panicWindowMs: number;
  readonly bucketMs: number;
  // Ring of buckets covering the stable window: bucket index, sum of samples, sample count.
  private readonly index: Float64Array;
  private readonly sum: Float64Array;
  private readonly count: Float64Array;

  constructor(options: ConcurrencyWindowsOptions = {}) {
    this.stableWindowMs = options.stableWindowMs ?? 60_000;
    this.panicWindowMs = options.panicWindowMs ?? 6_000;
    this.bucketMs = options.bucketMs ?? 1_000;
    if (!(this.bucketMs > 0) || this.panicWindowMs > this.stableWindowMs || !(this.panicWindowMs > 0)) {
      throw new RangeError('need bucketMs > 0 and 0 < panicWindowMs <= stableWindowMs');
    }
    const n = Math.ceil(this.stableWindowMs / this.bucketMs);
    this.index = new Float64Array(n).fill(Number.NaN);
    this.sum = new Float64Array(n);
    this.count = new Float64Array(n);
  }

  /** Adds one sample of the total in-flight requests at time `now` (ms). */
  record(now: number, value: number): void {
    const b = Math.floor(now / this.bucketMs);
    const slot = mod(b, this.index.length);
    if (this.index[slot] !== b) {
      this.index[slot] = b;
      this.sum[slot] = 0;
      this.count[slot] = 0;
    }
    this.sum[slot]! += value;
    this.count[slot]! += 1;
  }

  /** Averages as of `now`: each window is (now − window, now]. */
  averages(now: number): WindowAverages {
    const current = Math.floor(now / this.bucketMs);
    const stableBuckets = this.index.length;
    const panicBuckets = Math.ceil(this.panicWindowMs / this.bucketMs);
    let stableSum = 0;
    let stableN = 0;
    let panicSum = 0;
    let panicN = 0;
    for (let slot = 0; slot < stableBuckets; slot++) {
      const b = this.index[slot]!;
      const age = current - b;
      if (Number.isNaN(b) || age < 0 || age >= stableBuckets || this.count[slot] === 0) continue;
      const mean = this.sum[slot]! / this.count[slot]!;
      stableSum += mean;
      stableN++;
      if (age < panicBuckets) {
        panicSum += mean;
        panicN++;
      }
    }
    const stable = stableN > 0 ? stableSum / stableN : 0;
    // No sample in the panic window yet: fall back to the stable view rather than reporting zero load.
    const panic = panicN > 0 ? panicSum / panicN : stable;
    return { stable, panic, hasData: stableN > 0 };
  }
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}
