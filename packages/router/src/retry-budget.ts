/**
 * Envoy retry budget (circuit_breakers.thresholds.retry_budget): concurrent retries may not exceed
 * max(budgetRatio × active requests, minConcurrency) — defaults 20 % and 3. A budget that scales with load,
 * unlike a fixed max_retries, cannot turn a brown-out into a retry storm, yet never blocks the first few
 * retries of a quiet gateway. The same shape budgets hedges (see hedging.ts).
 */
export interface ConcurrencyBudgetConfig {
  budgetRatio: number;
  minConcurrency: number;
}

export class ConcurrencyBudget {
  active = 0;

  constructor(private readonly config: ConcurrencyBudgetConfig) {}

  /** Current ceiling given the number of active (primary) requests. */
  limit(activeRequests: number): number {
    return Math.max(this.config.budgetRatio * activeRequests, this.config.minConcurrency);
  }

  tryAcquire(activeRequests: number): { release(): void } | undefined {
    if (this.active >= this.limit(activeRequests)) return undefined;
    this.active++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.active--;
      },
    };
  }
}
