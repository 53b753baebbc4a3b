import {
  type Clock,
  planRetry,
  type RandomSource,
  type RequestHandle,
  type RetryOptions,
  retryLimits,
} from '@redline/router';
import { GatewayError } from '../errors.ts';
import type { GatewayMetrics } from '../observability/metrics.ts';
import type { ModelPool } from '../pools/model-pool.ts';
import type { AttemptFailure } from './attempt-failure.ts';
import { type HedgeOption, runHedgedAttempt } from './hedged-attempt.ts';
import { clientClosed } from './run-attempt.ts';

/** Attempts, backoff and time left for a retry (RetryOptions, @redline/router), plus the per-attempt cap. */
export interface RetryPolicy extends RetryOptions {
  /**
   * Cap on one attempt, so a hung pod leaves time to retry elsewhere within the deadline.
   * Default: 60% of the whole deadline.
   */
  attemptTimeoutMs?: number;
}

export interface AttemptContext {
  handle: RequestHandle;
  /** Aborts on client disconnect, deadline, the per-attempt timeout, or when a hedge of this request won. */
  signal: AbortSignal;
  attempt: number;
  /**
   * Call on the first output token, before writing anything to the client. False: another attempt of this
   * request (its hedge) already won — write nothing; this attempt's signal is aborted.
   */
  claim(): boolean;
}

export interface AttemptSuccess<T> {
  value: T;
  outputTokens: number;
}

export interface CallWithRetriesOptions<T> {
  pool: ModelPool;
  clock: Clock;
  random: RandomSource;
  metrics: GatewayMetrics;
  /** Absolute deadline on `clock`. */
  deadlineAt: number;
  /** The client's signal: aborts when it disconnects. */
  signal: AbortSignal;
  policy?: RetryPolicy;
  /** Hedge an attempt with no first token after a while (off when absent). */
  hedge?: HedgeOption;
  /** Output tokens the request is expected to produce (the router's PickOptions.outputTokensHint). */
  outputTokensHint?: number;
  /** One try against the picked endpoint; throw AttemptFailure to report how it failed. */
  attempt(context: AttemptContext): Promise<AttemptSuccess<T>>;
}

/**
 * Run a request against a pool: pick an endpoint (P2C in the router), try it, and on a retryable failure retry
 * on a different endpoint (at once the first time, then after a jittered backoff), if the router's retry budget
 * allows and the deadline leaves room. Reports every attempt's outcome to the router so it learns which pods are slow or failing.
 *
 * A retry holds its budget token until it is answered — its first token — or fails, as Envoy holds one from
 * the retry until the retried attempt's response headers (router/retry_state_impl.cc). The budget bounds
 * retries still in doubt; one that is streaming tokens is a request being served. Held to the end of the
 * response, a quarter of the pods failing half their requests at once ran the budget out (fleet-sim README,
 * *Failing pods*).
 */
export async function callWithRetries<T>(options: CallWithRetriesOptions<T>): Promise<T> {
  const { pool, clock, random, metrics, deadlineAt, signal } = options;
  const policy = options.policy ?? {};
  const { maxAttempts, minAttemptMs } = retryLimits(policy);
  const exclude = new Set<string>();
  const totalMs = Math.max(1, deadlineAt - clock.now());
  let lastFailure: AttemptFailure | undefined;

  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    throwIfClientGone(signal);
    let budget: { release(): void } | undefined;
    if (attempt > 1) {
      const plan = planRetry(pool.router, attempt - 1, deadlineAt - clock.now(), random, policy);
      if (plan.kind !== 'retry') {
        metrics.retries.inc({ pool: pool.model, reason: 'denied' });
        break;
      }
      budget = plan.budget;
      metrics.retries.inc({ pool: pool.model, reason: lastFailure?.reason ?? 'unknown' });
      if (plan.waitMs >= 1) {
        try {
          await sleep(Math.round(plan.waitMs), signal);
        } catch (error) {
          budget.release(); // the client left during the backoff: this retry never runs
          throw error;
        }
      }
    }
    try {
      const picked = pool.router.pick({ exclude, deadlineAt, outputTokensHint: options.outputTokensHint });
      if (!picked.ok) {
        // A retry that finds no other endpoint reports the original failure, which says more.
        if (lastFailure) break;
        if (picked.reason === 'shed') {
          metrics.shed.inc({ pool: pool.model });
          throw new GatewayError('overloaded', 'the model pool is overloaded; retry later', {
            retryAfterMs: picked.retryAfterMs,
          });
        }
        throw new GatewayError('no_endpoints', `no endpoint available for model "${pool.model}"`, {
          retryAfterMs: picked.retryAfterMs,
        });
      }
      const handle = picked.handle;
      exclude.add(handle.endpoint.id);
      const held = budget;
      const answered = held === undefined ? undefined : () => held.release();
      const result = await runHedgedAttempt(options, handle, attempt, totalMs, exclude, answered);
      if (result.ok) return result.value;
      lastFailure = result.failure;
      if (!lastFailure.retryable) throw lastFailure.error;
    } finally {
      budget?.release();
    }
  }
  throwIfClientGone(signal);
  if (lastFailure?.reason === 'timeout' && clock.now() >= deadlineAt - minAttemptMs) {
    throw new GatewayError('deadline_exceeded', 'the request did not complete within its deadline', {
      cause: lastFailure,
    });
  }
  throw lastFailure?.error ?? new GatewayError('upstream_failed', 'upstream failed');
}

function throwIfClientGone(signal: AbortSignal): void {
  if (signal.aborted) throw clientClosed(signal);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(clientClosed(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
