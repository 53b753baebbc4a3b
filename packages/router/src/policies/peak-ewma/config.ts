/**
 * peak-ewma tuning. Defaults from Linkerd's proxy / Finagle: decay 10 s; an endpoint without samples is
 * assumed to answer in default_rtt (30 ms in linkerd2-proxy) so it is tried, not starved or flooded.
 */
import { z } from 'zod';
import { RouterConfigError } from '../../config.ts';

const schema = z.object({
  decayMs: z.number().positive().default(10_000),
  defaultRttMs: z.number().positive().default(30),
});

export type PeakEwmaConfig = z.output<typeof schema>;

export function parsePeakEwmaConfig(input: unknown = {}): PeakEwmaConfig {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) throw new RouterConfigError(parsed.error.issues);
  return parsed.data;
}
