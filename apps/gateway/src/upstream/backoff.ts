import type { RandomSource } from '@redline/router';

export interface BackoffOptions {
  /** The second retry waits up to this long, doubling after. Default 20 ms. */
  baseMs?: number;
  /** Upper bound for any single wait. Default 250 ms. */
  maxMs?: number;
}

/**
 * The first retry goes at once: it goes to a different pod, so waiting only adds latency to a request that
 * has already lost one attempt (HAProxy's `option redispatch` and Envoy's host reselection do the same).
 * Later retries mean several pods failed, which is a sign of pool-wide trouble, so they back off with
 * "full jitter" (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * wait uniform(0, min(max, base * 2^(retry-2))), so synchronized clients do not retry in lockstep.
 * The retry budget, not the backoff, is what bounds retry load. `retry` counts from 1.
 */
export function backoffDelayMs(retry: number, random: RandomSource, options: BackoffOptions = {}): number {
  if (retry <= 1) return 0;
  const base = options.baseMs ?? 20;
  const max = options.maxMs ?? 250;
  const ceiling = Math.min(max, base * 2 ** (retry - 2));
  return random() * ceiling;
}
