import { REDLINE_TIE_BREAKS } from '@redline/router';
import { z } from 'zod';
import { rolloutEnvShape } from './rollouts/rollout-settings.ts';

/** Routing policies the gateway accepts (mirrors @redline/router's PolicyName). */
export const POLICY_NAMES = ['round-robin', 'random', 'least-request', 'peak-ewma', 'redline'] as const;

const endpointList = z
  .string()
  .default('')
  .transform((raw, ctx) => {
    const urls = raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    for (const url of urls) {
      if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
        ctx.addIssue({ code: 'custom', message: `not an http(s) URL: "${url}"` });
      }
    }
    return urls.map((url) => url.replace(/\/+$/, ''));
  });

const envSchema = z.object({
  // Rollout shadow/canary settings (src/rollouts/rollout-settings.ts); all optional.
  ...rolloutEnvShape,
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  REDLINE_ENDPOINTS: endpointList,
  REDLINE_ADMIN_TOKEN: z
    .string()
    .min(16, 'REDLINE_ADMIN_TOKEN must be at least 16 characters (it guards key management)')
    .optional(),
  REDLINE_POLICY: z.enum(POLICY_NAMES).default('redline'),
  /** The pods' vLLM --max-num-seqs: vLLM's load header has no running count to learn it from. 0 = learn. */
  REDLINE_POD_MAX_NUM_SEQS: z.coerce.number().int().min(0).default(0),
  /** redline's tie-break within its cost band: 'balanced', 'load' or 'spacing' (see packages/router). */
  REDLINE_TIE_BREAK: z.enum(REDLINE_TIE_BREAKS).default('balanced'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
    .optional(),
  REDLINE_DATA_DIR: z.string().min(1).optional(),
  REDLINE_DEADLINE_MS: z.coerce.number().int().min(50).max(120_000).default(5000),
  /** Hedge a correct.check segment with no first token after this many ms (0 = off). */
  REDLINE_HEDGE_CHECK_MS: z.coerce.number().int().min(0).max(120_000).default(300),
  /** The same for /v1 completions; off by default (callers pay per request and pick their own retries). */
  REDLINE_HEDGE_V1_MS: z.coerce.number().int().min(0).max(120_000).default(0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REDLINE_MODEL: z.string().min(1).default('redline/harper-gec'),
  /** Where the default pool's endpoints come from: REDLINE_ENDPOINTS, a headless Service's DNS, or EndpointSlices. */
  REDLINE_DISCOVERY: z.enum(['static', 'dns', 'kubernetes']).default('static'),
  REDLINE_DNS_NAME: z.string().min(1).optional(),
  REDLINE_DNS_PORT: z.coerce.number().int().min(1).max(65535).default(8000),
  REDLINE_DNS_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
  REDLINE_K8S_NAMESPACE: z.string().min(1).default('default'),
  REDLINE_K8S_SERVICE: z.string().min(1).optional(),
  REDLINE_K8S_PORT_NAME: z.string().min(1).optional(),
});

const checkedEnvSchema = envSchema.superRefine((env, ctx) => {
  if (env.REDLINE_DISCOVERY === 'dns' && !env.REDLINE_DNS_NAME)
    ctx.addIssue({
      code: 'custom',
      path: ['REDLINE_DNS_NAME'],
      message: 'required when REDLINE_DISCOVERY=dns',
    });
  if (env.REDLINE_DISCOVERY === 'kubernetes' && !env.REDLINE_K8S_SERVICE)
    ctx.addIssue({
      code: 'custom',
      path: ['REDLINE_K8S_SERVICE'],
      message: 'required when REDLINE_DISCOVERY=kubernetes',
    });
});

export type GatewayEnv = z.infer<typeof envSchema>;

/** Thrown with every problem listed, one per line, so a misconfigured deployment says exactly what to fix. */
export class EnvError extends Error {
  override readonly name = 'EnvError';
}

/** Parse and validate the gateway's configuration; never read process.env anywhere else. */
export function loadEnv(source: Record<string, string | undefined> = process.env): GatewayEnv {
  // Empty strings mean "unset" (a common shell/Compose artifact), so defaults still apply.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = checkedEnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new EnvError(`Invalid gateway configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
