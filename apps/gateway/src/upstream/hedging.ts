import { createHedgeBudget, type HedgeBudget, type HedgeBudgetOptions } from '@redline/router';
import type { ModelPool } from '../pools/model-pool.ts';
import type { HedgeOption } from './hedged-attempt.ts';

/** Request classes with their own hedge threshold: interactive corrections and the OpenAI-compatible API. */
export type RequestClass = 'check' | 'v1';

export interface HedgingOptions {
  /** Hedge after this many ms without a first token, per class; 0 turns hedging off for the class. */
  afterMs?: Partial<Record<RequestClass, number>>;
  budget?: HedgeBudgetOptions;
}

/**
 * Defaults: correct.check hedges after 300 ms without a first token — about 5× the time to first token of an
 * unqueued pod (prefill of ~50 tokens plus a decode step), so only a queued, hung or sick pod triggers it, and
 * the copy still has most of the 1 s budget. /v1 callers pay per request and choose their own retries: off.
 */
const DEFAULT_AFTER_MS: Record<RequestClass, number> = { check: 300, v1: 0 };

/** One hedge budget per pool (a share of that pool's active requests), thresholds per request class. */
export class Hedging {
  private readonly budgets = new WeakMap<ModelPool, HedgeBudget>();
  private readonly afterMs: Record<RequestClass, number>;

  constructor(private readonly options: HedgingOptions = {}) {
    this.afterMs = { ...DEFAULT_AFTER_MS, ...options.afterMs };
  }

  forPool(pool: ModelPool, requestClass: RequestClass): HedgeOption | undefined {
    const afterMs = this.afterMs[requestClass];
    if (!(afterMs > 0)) return undefined;
    let budget = this.budgets.get(pool);
    if (!budget) {
      budget = createHedgeBudget(this.options.budget);
      this.budgets.set(pool, budget);
    }
    const router = pool.router as { activeRequests?: number };
    return { afterMs, budget, activeRequests: () => router.activeRequests ?? 0 };
  }
}
