/**
 * Hedged requests ("The Tail at Scale", Dean & Barroso 2013): if a request has produced no first token after
 * a threshold, send a second copy elsewhere and keep whichever answers first. Hedges add load exactly when the
 * fleet may be slow, so they are budgeted like Envoy retries: concurrent hedges ≤ max(ratio × active, min).
 * Pure helpers; the gateway owns the timers.
 */
import { ConcurrencyBudget, type ConcurrencyBudgetConfig } from './retry-budget.ts';

export interface HedgeDecisionInput {
  /** Current time on the router's clock. */
  now: number;
  /** When the primary attempt started. */
  startedAt: number;
  /** Whether any attempt of this request already produced its first token. */
  firstTokenSeen: boolean;
  /** Hedges already sent for this request. */
  hedgesSent: number;
  /** Hedge after this long without a first token (e.g. the fleet's p95 time to first token). */
  thresholdMs: number;
  /** Upper bound on hedges per request (default 1). */
  maxHedgesPerRequest?: number;
  /** Absolute deadline; no hedge when less than thresholdMs remains (it could not finish in time). */
  deadlineAt?: number;
}

/** Pure decision: is it time to hedge this request (budget not included — see HedgeBudget)? */
export function shouldHedge(input: HedgeDecisionInput): boolean {
  if (input.firstTokenSeen) return false;
  if (input.hedgesSent >= (input.maxHedgesPerRequest ?? 1)) return false;
  const waited = input.now - input.startedAt;
  if (waited < input.thresholdMs * (input.hedgesSent + 1)) return false;
  if (input.deadlineAt !== undefined && input.deadlineAt - input.now < input.thresholdMs) return false;
  return true;
}

/** When to check again: the time the next hedge would become due (for the gateway's timer). */
export function nextHedgeAt(startedAt: number, hedgesSent: number, thresholdMs: number): number {
  return startedAt + thresholdMs * (hedgesSent + 1);
}

export interface HedgeBudgetOptions {
  /** Hedges as a share of active requests (default 0.1: hedging is speculative, tighter than retries). */
  budgetRatio?: number;
  /** Hedges always allowed (default 1). */
  minConcurrency?: number;
}

export type HedgeBudget = ConcurrencyBudget;

export function createHedgeBudget(options: HedgeBudgetOptions = {}): HedgeBudget {
  const config: ConcurrencyBudgetConfig = {
    budgetRatio: options.budgetRatio ?? 0.1,
    minConcurrency: options.minConcurrency ?? 1,
  };
  return new ConcurrencyBudget(config);
}
