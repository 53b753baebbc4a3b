import type { Clock, Outcome, RandomSource, RequestHandle } from '@redline/router';
import { GatewayError } from '../errors.ts';
import type { GatewayMetrics } from '../observability/metrics.ts';
import type { ModelPool } from '../pools/model-pool.ts';
import { AttemptFailure } from './attempt-failure.ts';
import { type BackoffOptions, backoffDelayMs } from './backoff.ts';

export interface RetryPolicy extends BackoffOptions {
  /** Total attempts including the first. Default 3. */
  maxAttempts?: number;
  /**
   * Cap on one attempt, so a hung pod leaves time to retry elsewhere within the deadline.
   * Default: 60% of the whole deadline.
   */
  attemptTimeoutMs?: number;
  /** Do not start a retry with less than this left before the deadline. Default 50 ms. */
  minAttemptMs?: number;
}

export interface AttemptContext {
  handle: RequestHandle;
  /** Aborts on client disconnect, deadline or the per-attempt timeout. */
  signal: AbortSignal;
  attempt: number;
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
  /** One try against the picked endpoint; throw AttemptFailure to report how it failed. */
  attempt(context: AttemptContext): Promise<AttemptSuccess<T>>;
}

/**
 * Run a request against a pool: pick an endpoint (P2C in the router), try it, and on a retryable failure retry
 * on a different endpoint after a jittered backoff, if the router's retry budget allows and the deadline leaves
 * room. Reports every attempt's outcome to the router so it learns which pods are slow or failing.
 */
export async function callWithRetries<T>(options: CallWithRetriesOptions<T>): Promise<T> {
  const { pool, clock, random, metrics, deadlineAt, signal } = options;
  const policy = options.policy ?? {};
  const maxAttempts = policy.maxAttempts ?? 3;
  const minAttemptMs = policy.minAttemptMs ?? 50;
  const exclude = new Set<string>();
  const totalMs = Math.max(1, deadlineAt - clock.now());
  let lastFailure: AttemptFailure | undefined;

  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    throwIfClientGone(signal);
    let budget: { release(): void } | undefined;
    if (attempt > 1) {
      const remaining = deadlineAt - clock.now();
      budget = remaining > minAttemptMs ? pool.router.tryAcquireRetry() : undefined;
      if (!budget) {
        metrics.retries.inc({ pool: pool.model, reason: 'denied' });
        break;
      }
      metrics.retries.inc({ pool: pool.model, reason: lastFailure?.reason ?? 'unknown' });
      const delay = Math.min(backoffDelayMs(attempt - 1, random, policy), remaining - minAttemptMs);
      if (delay >= 1) await sleep(Math.round(delay), signal);
    }
    try {
      const picked = pool.router.pick({ exclude, deadlineAt });
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
      const result = await runAttempt(options, handle, attempt, totalMs);
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

type AttemptResult<T> = { ok: true; value: T } | { ok: false; failure: AttemptFailure };

async function runAttempt<T>(
  options: CallWithRetriesOptions<T>,
  handle: RequestHandle,
  attempt: number,
  totalMs: number,
): Promise<AttemptResult<T>> {
  const { clock, deadlineAt, signal, metrics, pool } = options;
  const policy = options.policy ?? {};
  const remaining = Math.max(1, deadlineAt - clock.now());
  // The last allowed attempt may use all the time left.
  const isLast = attempt >= (policy.maxAttempts ?? 3);
  // AbortSignal.timeout wants an integer.
  const timeoutMs = Math.ceil(
    isLast ? remaining : Math.min(remaining, policy.attemptTimeoutMs ?? totalMs * 0.6),
  );
  const timeout = AbortSignal.timeout(timeoutMs);
  const attemptSignal = AbortSignal.any([signal, timeout]);
  const finish = (outcome: Outcome, label: string) => {
    handle.finish(outcome);
    metrics.upstreamOutcomes.inc({ pool: pool.model, endpoint: handle.endpoint.id, outcome: label });
  };
  try {
    const success = await options.attempt({ handle, signal: attemptSignal, attempt });
    finish({ kind: 'success', outputTokens: success.outputTokens }, 'success');
    return { ok: true, value: success.value };
  } catch (error) {
    if (signal.aborted) {
      finish({ kind: 'failure', reason: 'cancelled' }, 'cancelled');
      throw clientClosed(signal);
    }
    if (timeout.aborted) {
      finish({ kind: 'failure', reason: 'timeout' }, 'timeout');
      const failure = new AttemptFailure(
        'timeout',
        !(error instanceof AttemptFailure && !error.retryable),
        new GatewayError(
          'deadline_exceeded',
          `upstream ${handle.endpoint.id} did not answer in ${timeoutMs} ms`,
        ),
      );
      return { ok: false, failure };
    }
    if (error instanceof AttemptFailure) {
      if (error.reason) finish({ kind: 'failure', reason: error.reason }, error.reason);
      else finish({ kind: 'failure', reason: 'cancelled' }, 'rejected');
      return { ok: false, failure: error };
    }
    finish({ kind: 'failure', reason: 'cancelled' }, 'internal');
    throw error;
  }
}

function clientClosed(signal: AbortSignal): GatewayError {
  return new GatewayError('client_closed', 'the client closed the request', { cause: signal.reason });
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
