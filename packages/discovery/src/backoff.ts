export interface BackoffOptions {
  /** First delay, default 200 ms. */
  initialMs?: number;
  /** Cap, default 30 s. */
  maxMs?: number;
  /** Growth per consecutive failure, default 2. */
  factor?: number;
  /** Fraction of the delay randomized either way, default 0.2 (so restarts of many replicas spread out). */
  jitter?: number;
  /** Uniform [0, 1), injected for reproducible tests. */
  random?: () => number;
}

/** Exponential backoff with proportional jitter; reset() after a success. */
export class Backoff {
  private failures = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 200;
    this.maxMs = options.maxMs ?? 30_000;
    this.factor = options.factor ?? 2;
    this.jitter = Math.min(Math.max(options.jitter ?? 0.2, 0), 1);
    this.random = options.random ?? Math.random;
  }

  /** The delay before the next attempt; each call counts one more consecutive failure. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * this.factor ** this.failures);
    this.failures += 1;
    const spread = base * this.jitter * (2 * this.random() - 1);
    return Math.max(0, Math.round(Math.min(this.maxMs, base + spread)));
  }

  reset(): void {
    this.failures = 0;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }
}
