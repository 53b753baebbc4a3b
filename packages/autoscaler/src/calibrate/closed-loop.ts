/**
 * Closed-loop load at a fixed concurrency: `concurrency` workers each send a request, wait for the whole
 * stream, and send the next. Bounded in both requests and time so a slow or broken pod cannot hang a sweep.
 * Requests started during the warm-up (connection set-up, batch fill) are not measured.
 */
import type { ChatOutcome } from './chat-client.ts';
import { percentile } from './percentile.ts';

export interface LevelResult {
  concurrency: number;
  /** Measured requests (started after warm-up). */
  requests: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  /** Successful requests per second over the measured span. */
  throughputRps: number;
}

export interface LevelBounds {
  /** Stop issuing after this many measured requests. */
  maxRequests: number;
  /** Stop issuing after this long (ms, warm-up included). */
  maxMs: number;
  /** Requests started in this first span are not measured (ms). */
  warmupMs: number;
}

export async function runLevel(
  send: () => Promise<ChatOutcome>,
  concurrency: number,
  bounds: LevelBounds,
): Promise<LevelResult> {
  const latencies: number[] = [];
  let errors = 0;
  let measured = 0;
  const started = performance.now();
  const measureFrom = started + bounds.warmupMs;
  const deadline = started + bounds.maxMs;

  const worker = async () => {
    while (measured < bounds.maxRequests && performance.now() < deadline) {
      const counts = performance.now() >= measureFrom;
      if (counts) measured++;
      const outcome = await send();
      if (!counts) continue;
      if (outcome.ok) latencies.push(outcome.latencyMs);
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Math.max(1e-3, (performance.now() - measureFrom) / 1000);
  latencies.sort((a, b) => a - b);
  return {
    concurrency,
    requests: measured,
    errors,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    throughputRps: latencies.length / seconds,
  };
}
