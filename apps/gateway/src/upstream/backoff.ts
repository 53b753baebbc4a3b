import type { RandomSource } from '@redline/router';

export interface BackoffOptions {
  /** First retry waits up to this long. Default 20 ms: retries go to another pod, so no need to wait long. */
  baseMs?: number;
  /** Upper bound for any single wait. Default 250 ms. */
  maxMs?: number;
}

/**
 * "Full jitter" exponential backoff (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * wait uniform(0, min(max, base * 2^(retry-1))). Jitter keeps synchronized clients from retrying in lockstep.
 * `retry` counts from 1.
 */
export function backoffDelayMs(retry: number, random: RandomSource, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 20;
  const max = options.maxMs ?? 250;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, retry - 1));
  return random() * ceiling;
}
