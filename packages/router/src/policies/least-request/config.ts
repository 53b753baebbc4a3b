/**
 * least-request tuning. Envoy's least_request_lb_config: active_request_bias (default 1.0) is the exponent
 * in cost = (active + 1)^bias; a bias of 0 degenerates to random, larger values punish load harder.
 */
import { z } from 'zod';
import { RouterConfigError } from '../../config.ts';

const schema = z.object({ activeRequestBias: z.number().min(0).default(1) });

export type LeastRequestConfig = z.output<typeof schema>;

export function parseLeastRequestConfig(input: unknown = {}): LeastRequestConfig {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) throw new RouterConfigError(parsed.error.issues);
  return parsed.data;
}
