import { type HedgeBudget, type RequestHandle, shouldHedge } from '@redline/router';
import { AttemptRace } from './attempt-race.ts';
import type { CallWithRetriesOptions } from './call-with-retries.ts';
import { type AttemptResult, LOST_RACE, runAttempt } from './run-attempt.ts';

/** Hedging for one class of requests ("The Tail at Scale"): budgeted like retries, see @redline/router. */
export interface HedgeOption {
  /** Send a second copy to another pod when no first token arrived after this long. */
  afterMs: number;
  budget: HedgeBudget;
  /** Primary requests in flight on the pool (the budget is a share of them). */
  activeRequests(): number;
}

/**
 * Run an attempt, and if it has produced no first token after `afterMs`, race a copy on another endpoint
 * (if the hedge budget and the deadline allow). The first attempt to produce a token wins and the other is
 * cancelled; if one fails before any token, the other carries on alone.
 */
export async function runHedgedAttempt<T>(
  options: CallWithRetriesOptions<T>,
  primary: RequestHandle,
  attempt: number,
  totalMs: number,
  exclude: Set<string>,
  onAnswered?: () => void,
): Promise<AttemptResult<T>> {
  const race = new AttemptRace();
  const first = runAttempt(options, primary, attempt, totalMs, race.join(), onAnswered);
  const hedge = options.hedge;
  if (!hedge || hedge.afterMs <= 0) return first;
  const { clock, pool, metrics, deadlineAt } = options;
  const startedAt = clock.now();
  let timer: NodeJS.Timeout | undefined;
  const due = new Promise<'due'>((resolve) => {
    timer = setTimeout(() => resolve('due'), hedge.afterMs);
  });
  const early = await Promise.race([first, due]).finally(() => clearTimeout(timer));
  if (early !== 'due') return early;
  const hedgeNow = shouldHedge({
    // Timers may fire up to a millisecond early against the monotonic clock.
    now: Math.max(clock.now(), startedAt + hedge.afterMs),
    startedAt,
    firstTokenSeen: race.claimed,
    hedgesSent: 0,
    thresholdMs: hedge.afterMs,
    deadlineAt,
  });
  if (!hedgeNow) return first;
  const token = hedge.budget.tryAcquire(hedge.activeRequests());
  if (!token) {
    metrics.hedges.inc({ pool: pool.model, outcome: 'denied' });
    return first;
  }
  const picked = pool.router.pick({ exclude, deadlineAt, outputTokensHint: options.outputTokensHint });
  if (!picked.ok) {
    token.release();
    return first;
  }
  exclude.add(picked.handle.endpoint.id);
  metrics.hedges.inc({ pool: pool.model, outcome: 'sent' });
  const second = runAttempt(options, picked.handle, attempt, totalMs, race.join(), onAnswered).finally(() =>
    token.release(),
  );
  const result = await firstSuccess(first, second);
  if (result.from === 1 && result.value.ok) metrics.hedges.inc({ pool: pool.model, outcome: 'won' });
  return result.value;
}

type Settled<T> = { from: 0 | 1 } & ({ value: AttemptResult<T> } | { error: unknown });

/**
 * The first ok result. Otherwise both are waited for (so no attempt is left running behind the caller's back),
 * and the answer is a thrown error if either threw (the client left), else the failure that is not "lost the
 * race" — the one that says why.
 */
async function firstSuccess<T>(
  a: Promise<AttemptResult<T>>,
  b: Promise<AttemptResult<T>>,
): Promise<{ from: 0 | 1; value: AttemptResult<T> }> {
  const settle = (p: Promise<AttemptResult<T>>, from: 0 | 1): Promise<Settled<T>> =>
    p.then(
      (value) => ({ from, value }),
      (error: unknown) => ({ from, error }),
    );
  const both = [settle(a, 0), settle(b, 1)] as const;
  const first = await Promise.race(both);
  if ('value' in first && first.value.ok) return first;
  const second = await both[first.from === 0 ? 1 : 0];
  if ('value' in second && second.value.ok) return second;
  if ('error' in first) throw first.error;
  if ('error' in second) throw second.error;
  return first.value.ok || first.value.failure !== LOST_RACE ? first : second;
}
