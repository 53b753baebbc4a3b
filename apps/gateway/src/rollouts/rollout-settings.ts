import { z } from 'zod';
import { type CanarySlo, DEFAULT_CANARY_SLO } from './canary-slo.ts';
import { DEFAULT_SHADOW, type ShadowSettings } from './shadow-mirror.ts';

export interface RolloutSettings {
  shadow: ShadowSettings;
  canary: CanarySlo;
  /** Canary shares (percent) `advance` walks through before promoting. Default [5, 25, 50]. */
  canarySteps: number[];
  /** How often a gateway re-reads rollout state, to follow transitions made on other gateways. Default 2000 ms. */
  refreshMs: number;
}

/** Every field optional: defaults below. */
export interface RolloutOptions {
  shadow?: Partial<ShadowSettings>;
  canary?: Partial<CanarySlo>;
  canarySteps?: readonly number[];
  refreshMs?: number;
}

export const DEFAULT_CANARY_STEPS: readonly number[] = [5, 25, 50];

const settingsSchema = z.object({
  shadow: z.object({
    sampleRate: z.number().min(0).max(1),
    maxConcurrent: z.number().int().min(0).max(10_000),
    deadlineMs: z.number().int().min(50).max(120_000),
  }),
  canary: z.object({
    maxErrorRate: z.number().min(0).max(1),
    maxP99Ms: z.number().positive(),
    windowMs: z.number().int().min(1000),
    minRequests: z.number().int().min(1),
  }),
  canarySteps: z
    .array(z.number().int().min(1).max(99))
    .min(1)
    .refine((steps) => steps.every((s, i) => i === 0 || s > steps[i - 1]!), 'canary steps must increase'),
  refreshMs: z.number().int().min(100).max(600_000),
});

/** Defaults merged with `options`, validated (throws a ZodError naming the bad field). */
export function resolveRolloutSettings(options: RolloutOptions = {}): RolloutSettings {
  return settingsSchema.parse({
    shadow: { ...DEFAULT_SHADOW, ...options.shadow },
    canary: { ...DEFAULT_CANARY_SLO, ...options.canary },
    canarySteps: [...(options.canarySteps ?? DEFAULT_CANARY_STEPS)],
    refreshMs: options.refreshMs ?? 2000,
  });
}

const stepList = z
  .string()
  .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'a comma-separated list of percentages, e.g. 5,25,50')
  .transform((raw) => raw.split(',').map((s) => Number(s.trim())));

/** The gateway's rollout environment variables (merged into env.ts's schema); unset = default. */
export const rolloutEnvShape = {
  REDLINE_SHADOW_SAMPLE_RATE: z.coerce.number().min(0).max(1).optional(),
  REDLINE_SHADOW_MAX_CONCURRENT: z.coerce.number().int().min(0).max(10_000).optional(),
  REDLINE_CANARY_STEPS: stepList.optional(),
  REDLINE_CANARY_MAX_ERROR_RATE: z.coerce.number().min(0).max(1).optional(),
  REDLINE_CANARY_MAX_P99_MS: z.coerce.number().positive().optional(),
  REDLINE_CANARY_WINDOW_MS: z.coerce.number().int().min(1000).optional(),
  REDLINE_CANARY_MIN_REQUESTS: z.coerce.number().int().min(1).optional(),
  REDLINE_ROLLOUT_REFRESH_MS: z.coerce.number().int().min(100).max(600_000).optional(),
};

type RolloutEnv = { [K in keyof typeof rolloutEnvShape]?: z.infer<(typeof rolloutEnvShape)[K]> };

/** RolloutOptions from parsed environment variables (only the ones set). */
export function rolloutOptionsFromEnv(env: RolloutEnv): RolloutOptions {
  const defined = <T extends object>(o: T): Partial<T> =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  return {
    shadow: defined({
      sampleRate: env.REDLINE_SHADOW_SAMPLE_RATE,
      maxConcurrent: env.REDLINE_SHADOW_MAX_CONCURRENT,
    }),
    canary: defined({
      maxErrorRate: env.REDLINE_CANARY_MAX_ERROR_RATE,
      maxP99Ms: env.REDLINE_CANARY_MAX_P99_MS,
      windowMs: env.REDLINE_CANARY_WINDOW_MS,
      minRequests: env.REDLINE_CANARY_MIN_REQUESTS,
    }),
    ...(env.REDLINE_CANARY_STEPS ? { canarySteps: env.REDLINE_CANARY_STEPS } : {}),
    ...(env.REDLINE_ROLLOUT_REFRESH_MS ? { refreshMs: env.REDLINE_ROLLOUT_REFRESH_MS } : {}),
  };
}
