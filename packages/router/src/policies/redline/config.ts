/**
 * redline cost tuning (see algorithm.ts for the formula). Defaults:
 *  - reportDecayMs 0.5 s: a pod's report is overtaken within about half a service time. At design load (50
 *    gateways, ~60 of 256 slots busy, ~0.9 s per request) the other gateways' arrivals and the completions
 *    move a pod's count by about ±8 in 0.5 s, as much as the differences between pods that routing acts on.
 *    Trusted for longer, an old low report steers every gateway that heard it onto the same pods
 *    (Mitzenmacher, "How useful is old information?", IEEE TPDS 2000), and our in-flight × peerFactor is the
 *    better guess. Fleet simulator, 20,000 req/s on 274 pods from 50 gateways, seeds 1–3: p99 1.037–1.039× the
 *    pooled-queue reference at 0.5 s against 1.073–1.077× at 2 s (0.15–0.5 s all within 0.3 %). One gateway
 *    is unaffected: its in-flight counts are the whole load. Shedding keeps its own 2 s (router config).
 *  - tpotDecayMs 10 s: the Linkerd/Finagle EWMA horizon; long enough to smooth batch-size noise.
 *  - maxErrorFactor 20, errorDecayMs 10 s: a pod failing every request costs 20× a healthy one (it wins a
 *    draw only against a 20× more loaded pod), and is forgiven over ~10 s once failures stop.
 *  - failureCostFloor 0.05: a failure that comes back at once still costs the retry's backoff (≤ 20 ms) and a
 *    second pick, about 5 % of a ~400 ms request.
 *  - kvThreshold 0.8, kvWeight 2: above 80 % KV-cache usage vLLM starts preempting; cost up to ×3 at 100 %.
 *  - headroom 0.1: a busier pod costs up to 10 % more; small, so that a pod 10 % slower per token still loses
 *    to a busier fast one.
 *  - choices 4: candidates drawn per pick (P2C is 2). More draws find a free batch slot more often; each is one
 *    cost evaluation, so the pick stays O(1).
 *  - saturationProbes 4: extra random candidates examined only when all drawn candidates would queue.
 *    With 85 % of slots busy a draw is saturated about a third of the time; six draws all saturated is rare.
 *  - batchSlots 0: learn the pods' batch limit from num_requests_running; set it (vLLM --max-num-seqs) for a
 *    real vLLM fleet, whose ORCA header does not report running.
 *  - tieBand 0.1: costs closer than 10 % are a tie (then the wait for a slot, then tieBreak, decides: see
 *    algorithm.ts). Per-pod tpot EWMAs of identical pods
 *    differ by ±4 % (batch composition, timer noise); a 3×-slower pod is far outside the band.
 *  - tieBreak 'balanced', tieLoadGap 2: within the band a pod emptier by at least 2 requests wins, else the
 *    least recently picked (spreads vLLM's prefill stalls over pods that can start at once, yet still fills
 *    a clearly emptier pod). 'load' acts on any load difference, 'spacing' on none; see algorithm.ts.
 */
import { z } from 'zod';
import { RouterConfigError } from '../../config.ts';

/** redline's tie-breaks within its cost band, the default first (see algorithm.ts). */
export const REDLINE_TIE_BREAKS = ['balanced', 'load', 'spacing'] as const;
export type RedlineTieBreak = (typeof REDLINE_TIE_BREAKS)[number];

const schema = z.object({
  reportDecayMs: z.number().positive().default(500),
  tpotDecayMs: z.number().positive().default(10_000),
  maxErrorFactor: z.number().min(1).default(20),
  failureCostFloor: z.number().min(0).max(1).default(0.05),
  errorDecayMs: z.number().positive().default(10_000),
  kvThreshold: z.number().min(0).lt(1).default(0.8),
  kvWeight: z.number().min(0).default(2),
  headroom: z.number().min(0).default(0.1),
  choices: z.number().int().min(2).default(4),
  saturationProbes: z.number().int().min(0).default(4),
  tieBand: z.number().min(0).lt(1).default(0.1),
  tieBreak: z.enum(REDLINE_TIE_BREAKS).default('balanced'),
  tieLoadGap: z.number().positive().default(2),
  batchSlots: z.number().int().min(0).default(0),
});

export type RedlineConfig = z.output<typeof schema>;

export function parseRedlineConfig(input: unknown = {}): RedlineConfig {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) throw new RouterConfigError(parsed.error.issues);
  return parsed.data;
}
