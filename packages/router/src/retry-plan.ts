import type { RandomSource, Router } from './types.ts';

/** Retry defaults shared by the gateway and the fleet simulator, so both retry the same way. */
export const RETRY_DEFAULTS = Object.freeze({
  /** Total attempts including the first. */
  maxAttempts: 3,
  /** Do not start a retry with less than this left before the deadline, ms. */
  minAttemptMs: 50,
  /** The second retry waits up to this long, doubling after, ms. */
  backoffBaseMs: 20,
  /** Upper bound for any single wait, ms. */
  backoffMaxMs: 250,
});

export interface RetryBackoffOptions {
  /** The second retry waits up to this long, doubling after. Default 20 ms. */
  baseMs?: number;
  /** Upper bound for any single wait. Default 250 ms. */
  maxMs?: number;
}

export interface RetryOptions extends RetryBackoffOptions {
  /** Total attempts including the first. Default 3. */
  maxAttempts?: number;
  /** Do not start a retry with less than this left before the deadline. Default 50 ms. */
  minAttemptMs?: number;
}

/** Attempt count and time floor with the defaults filled in (one place for the gateway and the simulator). */
export function retryLimits(options: RetryOptions = {}): { maxAttempts: number; minAttemptMs: number } {
  return {
    maxAttempts: options.maxAttempts ?? RETRY_DEFAULTS.maxAttempts,
    minAttemptMs: options.minAttemptMs ?? RETRY_DEFAULTS.minAttemptMs,
  };
}

export type RetryPlan =
  /** Attempts or time ran out. */
  | { kind: 'give-up' }
  /** The router's retry budget said no. */
  | { kind: 'refused' }
  /** Retry on another endpoint after waitMs (0: at once), holding `budget` until that attempt is answered or ends. */
  | { kind: 'retry'; waitMs: number; budget: { release(): void } };

/**
 * What to do after `attempts` failed attempts with `remainingMs` left before the deadline: give up, be refused
 * by the router's retry budget, or retry after a backoff. The gateway and the fleet simulator both ask this,
 * so they retry alike. A 'retry' holds a budget token: release it when that attempt is answered (its first token) or ends.
 */
export function planRetry(
  router: Pick<Router, 'tryAcquireRetry'>,
  attempts: number,
  remainingMs: number,
  random: RandomSource,
  options: RetryOptions = {},
): RetryPlan {
  const { maxAttempts, minAttemptMs } = retryLimits(options);
  if (attempts >= maxAttempts || remainingMs <= minAttemptMs) return { kind: 'give-up' };
  const budget = router.tryAcquireRetry();
  if (budget === undefined) return { kind: 'refused' };
  const waitMs = Math.min(retryBackoffMs(attempts, random, options), remainingMs - minAttemptMs);
  return { kind: 'retry', waitMs, budget };
}

/**
 * The first retry goes at once: it goes to a different pod, so waiting only adds latency to a request that
 * has already lost one attempt (HAProxy's `option redispatch` and Envoy's host reselection do the same).
 * Later retries mean several pods failed, which is a sign of pool-wide trouble, so they back off with
 * "full jitter" (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * wait uniform(0, min(max, base * 2^(retry-2))), so synchronized clients do not retry in lockstep.
 * The retry budget, not the backoff, is what bounds retry load. `retry` counts from 1.
 */
export function retryBackoffMs(
  retry: number,
  random: RandomSource,
  options: RetryBackoffOptions = {},
): number {
  if (retry <= 1) return 0;
  const base = options.baseMs ?? RETRY_DEFAULTS.backoffBaseMs;
  const max = options.maxMs ?? RETRY_DEFAULTS.backoffMaxMs;
  const ceiling = Math.min(max, base * 2 ** (retry - 2));
  return random() * ceiling;
}
