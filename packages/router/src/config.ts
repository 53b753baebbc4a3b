/**
 * Router-wide tuning: validation and defaults. Policy-specific knobs live in each policy's config.ts.
 * Defaults follow Envoy's documented defaults (outlier detection, retry budget, panic threshold, slow start) so
 * operators can reason about Redline with the same numbers they know from Envoy.
 */
import { z } from 'zod';
import type { RouterTuning } from './types.ts';

const outlierSchema = z.object({
  consecutiveFailures: z.number().int().min(0).default(5),
  intervalMs: z.number().positive().default(10_000),
  baseEjectionMs: z.number().positive().default(30_000),
  maxEjectionMs: z.number().positive().default(300_000),
  maxEjectionPercent: z.number().min(0).max(100).default(10),
  successRateStdevFactor: z.number().positive().default(1.9),
  successRateRequestVolume: z.number().int().positive().default(100),
  successRateMinimumHosts: z.number().int().positive().default(5),
  failurePercentageThreshold: z.number().min(0).max(100).default(85),
  failurePercentageRequestVolume: z.number().int().positive().default(50),
  successRateMaxLoadAfterEjection: z.number().positive().default(0.8),
});

const healthSchema = z.object({
  unhealthyThreshold: z.number().int().positive().default(3),
  healthyThreshold: z.number().int().positive().default(2),
});

const slowStartSchema = z.object({
  windowMs: z.number().min(0).default(0),
  aggression: z.number().positive().default(1),
  minWeight: z.number().gt(0).max(1).default(0.1),
});

const retryBudgetSchema = z.object({
  budgetRatio: z.number().min(0).default(0.2),
  minConcurrency: z.number().int().min(0).default(3),
});

const sheddingSchema = z.object({
  probes: z.number().int().min(0).max(32).default(4),
  hopelessFactor: z.number().min(1).default(1),
  reportDecayMs: z.number().positive().default(2_000),
});

const panicSchema = z.object({
  thresholdPercent: z.number().min(0).max(100).default(50),
});

export const routerTuningSchema = z.object({
  outlier: outlierSchema.prefault({}),
  health: healthSchema.prefault({}),
  slowStart: slowStartSchema.prefault({}),
  retryBudget: retryBudgetSchema.prefault({}),
  shedding: sheddingSchema.prefault({}),
  panic: panicSchema.prefault({}),
});

export type RouterConfig = z.output<typeof routerTuningSchema>;
export type OutlierConfig = RouterConfig['outlier'];
export type HealthConfig = RouterConfig['health'];
export type SlowStartConfig = RouterConfig['slowStart'];

/** Thrown by createRouter when options are invalid; carries zod's issues for the caller to report. */
export class RouterConfigError extends Error {
  constructor(readonly issues: z.core.$ZodIssue[]) {
    super(`invalid router options: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    this.name = 'RouterConfigError';
  }
}

export function parseRouterConfig(tuning: RouterTuning): RouterConfig {
  const parsed = routerTuningSchema.safeParse({
    outlier: tuning.outlier,
    health: tuning.health,
    slowStart: tuning.slowStart,
    retryBudget: tuning.retryBudget,
    shedding: tuning.shedding,
    panic: tuning.panic,
  });
  if (!parsed.success) throw new RouterConfigError(parsed.error.issues);
  return parsed.data;
}
