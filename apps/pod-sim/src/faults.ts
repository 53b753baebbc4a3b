import { z } from 'zod';

/** Failure modes a pod can be told to exhibit, at start-up or at run time. */
export interface Faults {
  /** Multiplies every engine step's duration; 1 = normal speed. */
  slowdown: number;
  /** Probability (0..1) that a completion request fails fast with HTTP 503. */
  errorRate: number;
  /** Accept completion requests and never answer (until the pod closes). */
  hang: boolean;
  /** Destroy the connection after this many generated tokens; null = never. */
  crashAfterTokens: number | null;
  /** GET /health answers 503. */
  unhealthy: boolean;
  /** 0..1: probability of skipping each correction, plus deterministic injected errors (eval rollout tests). */
  degrade: number;
}

export const DEFAULT_FAULTS: Readonly<Faults> = Object.freeze({
  slowdown: 1,
  errorRate: 0,
  hang: false,
  crashAfterTokens: null,
  unhealthy: false,
  degrade: 0,
});

export const faultsPatchSchema = z.strictObject({
  slowdown: z.number().positive().max(1000).optional(),
  errorRate: z.number().min(0).max(1).optional(),
  hang: z.boolean().optional(),
  crashAfterTokens: z.number().int().min(0).nullable().optional(),
  unhealthy: z.boolean().optional(),
  degrade: z.number().min(0).max(1).optional(),
});

export type FaultsPatch = z.infer<typeof faultsPatchSchema>;

/** Validate a partial update; throws a ZodError on bad input. */
export function mergeFaults(current: Faults, patch: unknown): Faults {
  const parsed = faultsPatchSchema.parse(patch);
  const next: Faults = { ...current };
  for (const [key, value] of Object.entries(parsed)) {
    if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
  }
  return next;
}
