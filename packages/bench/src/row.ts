import type { GatewayCounters } from './gateway-counters.ts';
import { summarize } from './percentiles.ts';
import type { Scenario } from './scenarios.ts';
import type { RequestResult } from './stream-request.ts';
import type { SystemName } from './systems.ts';

/** One line of the benchmark's result file (the shape the routing issue fixes). */
export interface BenchRow {
  scenario: Scenario;
  loadPct: number;
  system: SystemName;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  successRate: number;
  goodputRps: number;
  requests: number;
  offeredRps: number;
  /** Cores used by each process during the measured window. */
  cpu: Record<string, number>;
  /** Largest delay of a send behind its schedule: near 0 means the load generator kept up. */
  maxSendLagMs: number;
  /** Failed requests by kind: the HTTP status (e.g. "429", "504"), "truncated", or the client error name. */
  failures?: Record<string, number>;
  /** Gateway systems only: the router's ejections and retries during the cell (warm-up included). */
  router?: GatewayCounters;
  /** 95 % interval of p99Ms by the block bootstrap over the cell's arrivals (bootstrap.ts). */
  p99CiMs?: [number, number];
}

export const SLO_MS = 1000;

/** One decimal, as every figure in a row is reported. */
export const round1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * Latency percentiles are over ALL requests, a failed one counting as the full deadline: a fast error is not a
 * fast answer, and leaving failures out would reward a system for failing quickly. Exactly the deadline, also
 * for a failure seen a few ms after it: the client gives up at the deadline, and what it sees later is its own
 * timer firing late (the load generator's event loop), not a difference between the systems.
 */
export function toRow(
  base: Pick<BenchRow, 'scenario' | 'loadPct' | 'system' | 'offeredRps' | 'cpu' | 'maxSendLagMs'>,
  results: readonly RequestResult[],
  durationMs: number,
  deadlineMs: number,
): BenchRow {
  const latencies = latenciesOf(results, deadlineMs);
  const ok = results.filter((r) => r.ok);
  const good = ok.filter((r) => r.latencyMs <= SLO_MS).length;
  const s = summarize(latencies);
  return {
    ...base,
    p50Ms: round1(s.p50Ms),
    p90Ms: round1(s.p90Ms),
    p99Ms: round1(s.p99Ms),
    p999Ms: round1(s.p999Ms),
    successRate: results.length ? ok.length / results.length : 0,
    goodputRps: round1(good / (durationMs / 1000)),
    requests: results.length,
    failures: failureKinds(results),
  };
}

/** Each request's latency in arrival order, a failure counting as the deadline (see toRow). */
export function latenciesOf(results: readonly RequestResult[], deadlineMs: number): number[] {
  return results.map((r) => (r.ok ? r.latencyMs : deadlineMs));
}

function failureKinds(results: readonly RequestResult[]): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const r of results) {
    if (r.ok) continue;
    const kind = r.error === 'status' || r.error === undefined ? String(r.status) : r.error;
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  return kinds;
}
