import type { Clock } from '@redline/router';
import type { WindowCounts } from './canary-slo.ts';

/** Buckets per window: the window slides in steps of windowMs / 20 (3 s for the default minute). */
const BUCKETS = 20;

interface Bucket {
  /** Absolute bucket index (floor(now / bucketMs)) the counts belong to. */
  index: number;
  requests: number;
  errors: number;
  slow: number;
}

/**
 * Sliding-window counters of canary outcomes in constant memory whatever the traffic: a ring of time
 * buckets, each reset when its slot is reused. Decisions need counts only (see evaluateCanarySlo).
 */
export class CanaryWindow {
  private readonly bucketMs: number;
  private readonly ring: Bucket[];

  constructor(private readonly options: { windowMs: number; slowAboveMs: number; clock: Clock }) {
    this.bucketMs = Math.max(1, options.windowMs / BUCKETS);
    this.ring = Array.from({ length: BUCKETS }, () => ({ index: -1, requests: 0, errors: 0, slow: 0 }));
  }

  record(outcome: { ok: boolean; latencyMs: number }): void {
    const index = Math.floor(this.options.clock.now() / this.bucketMs);
    const bucket = this.ring[index % BUCKETS]!;
    if (bucket.index !== index) {
      bucket.index = index;
      bucket.requests = 0;
      bucket.errors = 0;
      bucket.slow = 0;
    }
    bucket.requests++;
    if (!outcome.ok) bucket.errors++;
    if (outcome.latencyMs > this.options.slowAboveMs) bucket.slow++;
  }

  /** Counts of the buckets inside the window ending now. */
  counts(): WindowCounts {
    const current = Math.floor(this.options.clock.now() / this.bucketMs);
    const total: WindowCounts = { requests: 0, errors: 0, slow: 0 };
    for (const bucket of this.ring) {
      if (bucket.index > current - BUCKETS && bucket.index <= current) {
        total.requests += bucket.requests;
        total.errors += bucket.errors;
        total.slow += bucket.slow;
      }
    }
    return total;
  }
}
