import { type Outcome, type RequestHandle, retryLimits } from '@redline/router';
import { GatewayError } from '../errors.ts';
import { AttemptFailure } from './attempt-failure.ts';
import type { RaceMember } from './attempt-race.ts';
import type { CallWithRetriesOptions } from './call-with-retries.ts';

export type AttemptResult<T> = { ok: true; value: T } | { ok: false; failure: AttemptFailure };

/** What an attempt that lost to its hedge reports: nothing to retry, the winner answers. */
export const LOST_RACE = new AttemptFailure(
  undefined,
  false,
  new GatewayError('upstream_failed', 'another attempt of this request answered first'),
);

/**
 * One try against one endpoint: per-attempt timeout (60 % of the deadline unless it is the last attempt),
 * cancellation by the client or by a winning hedge, and the outcome reported to the router. `onAnswered`
 * runs at the attempt's first token (a retry gives its budget token back then: see call-with-retries.ts).
 * Resolves with the value or a classified failure; rejects only when the client went away.
 */
export async function runAttempt<T>(
  options: CallWithRetriesOptions<T>,
  handle: RequestHandle,
  attempt: number,
  totalMs: number,
  race: RaceMember,
  onAnswered?: () => void,
): Promise<AttemptResult<T>> {
  const { clock, deadlineAt, signal, metrics, pool } = options;
  const policy = options.policy ?? {};
  const remaining = Math.max(1, deadlineAt - clock.now());
  // The last allowed attempt may use all the time left.
  const isLast = attempt >= retryLimits(policy).maxAttempts;
  // setTimeout wants an integer.
  const timeoutMs = Math.ceil(
    isLast ? remaining : Math.min(remaining, policy.attemptTimeoutMs ?? totalMs * 0.6),
  );
  // One controller and one timer per attempt, both released when it ends (AbortSignal.any/timeout cost
  // more per request and keep their listeners until collected).
  const attemptAbort = new AbortController();
  const timeout = { aborted: false };
  const onTimeout = () => {
    timeout.aborted = true;
    attemptAbort.abort(new DOMException('attempt timed out', 'TimeoutError'));
  };
  let timer = setTimeout(onTimeout, timeoutMs);
  // The attempt timeout is for a pod that does not answer. Once the pod shows it is alive and working on the
  // request — a token arrived, or its load report shows a queue the request waits in — the attempt may use
  // the whole deadline: abandoning a queue position to start again at the back of another pod's queue (or
  // cutting a long, healthy stream) only loses work.
  let live = false;
  const keepAlive = () => {
    if (live) return;
    live = true;
    clearTimeout(timer);
    timer = setTimeout(onTimeout, Math.max(1, Math.ceil(deadlineAt - clock.now())));
  };
  const watched: RequestHandle = {
    endpoint: handle.endpoint,
    reportLoad(report) {
      handle.reportLoad(report);
      if (report.numRequestsWaiting > 0) keepAlive();
    },
    firstToken() {
      handle.firstToken();
      keepAlive();
      onAnswered?.();
    },
    finish: (outcome) => handle.finish(outcome),
  };
  const onAbort = (event: Event) => attemptAbort.abort((event.target as AbortSignal).reason);
  for (const s of [signal, race.lost]) {
    if (s.aborted) attemptAbort.abort(s.reason);
    else s.addEventListener('abort', onAbort, { once: true });
  }
  const finish = (outcome: Outcome, label: string) => {
    handle.finish(outcome);
    metrics.upstreamOutcomes.inc({ pool: pool.model, endpoint: handle.endpoint.id, outcome: label });
  };
  try {
    const success = await options.attempt({
      handle: watched,
      signal: attemptAbort.signal,
      attempt,
      claim: race.claim,
    });
    if (!race.claim()) {
      finish({ kind: 'failure', reason: 'cancelled' }, 'hedge-lost');
      return { ok: false, failure: LOST_RACE };
    }
    finish({ kind: 'success', outputTokens: success.outputTokens }, 'success');
    return { ok: true, value: success.value };
  } catch (error) {
    if (signal.aborted) {
      finish({ kind: 'failure', reason: 'cancelled' }, 'cancelled');
      throw clientClosed(signal);
    }
    if (race.lost.aborted) {
      // Not the pod's fault: it was merely slower to start than the hedge.
      finish({ kind: 'failure', reason: 'cancelled' }, 'hedge-lost');
      return { ok: false, failure: LOST_RACE };
    }
    if (timeout.aborted) {
      // The request's deadline came while the pod was visibly working on it (in the queue it reported, or
      // streaming): the pod is overloaded, not broken, and its load already weighs in its cost. Counting this
      // as a failure ejected healthy pods in every 2x burst of the routing benchmark (116 such timeouts in
      // 5 s, two pods of 8 out for 30 s), shrinking a pool already short of slots. Only a pod that never
      // showed life before the attempt timeout is blamed.
      if (live) finish({ kind: 'failure', reason: 'cancelled' }, 'deadline');
      else finish({ kind: 'failure', reason: 'timeout' }, 'timeout');
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
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
    race.lost.removeEventListener('abort', onAbort);
  }
}

export function clientClosed(signal: AbortSignal): GatewayError {
  return new GatewayError('client_closed', 'the client closed the request', { cause: signal.reason });
}
