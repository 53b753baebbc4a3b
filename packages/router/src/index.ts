export { type RouterConfig, RouterConfigError } from './config.ts';
export { createRouter } from './create-router.ts';
export {
  createHedgeBudget,
  type HedgeBudget,
  type HedgeBudgetOptions,
  type HedgeDecisionInput,
  nextHedgeAt,
  shouldHedge,
} from './hedging.ts';
export { isPolicyName, POLICY_NAMES } from './policies/index.ts';
export { REDLINE_TIE_BREAKS, type RedlineTieBreak } from './policies/redline/config.ts';
export { ConcurrencyBudget, type ConcurrencyBudgetConfig } from './retry-budget.ts';
export {
  planRetry,
  RETRY_DEFAULTS,
  type RetryBackoffOptions,
  type RetryOptions,
  type RetryPlan,
  retryBackoffMs,
  retryLimits,
} from './retry-plan.ts';
// A seeded RandomSource for simulators and benchmarks that must be reproducible.
export { mulberry32 } from './testing.ts';
export type * from './types.ts';
