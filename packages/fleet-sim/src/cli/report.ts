/** Human-readable lines for the CLI. */
import type { PooledReferenceResult } from '../sim/pooled-reference.ts';
import type { FleetResult } from '../types.ts';

const ms = (v: number) => (Number.isNaN(v) ? 'n/a' : v < 100 ? v.toFixed(1) : v.toFixed(0));
const pct = (v: number, digits = 2) => `${(v * 100).toFixed(digits)}%`;

/** With `referenceP99`, the run's p99 is also given as a multiple of the pooled reference's. */
export function formatRun(policy: string, pods: number, r: FleetResult, referenceP99?: number): string {
  const success = r.requests === 0 ? 0 : r.succeeded / r.requests;
  const ratio =
    referenceP99 === undefined ? '' : ` (${(r.latency.p99 / referenceP99).toFixed(3)}× reference)`;
  return [
    `${policy.padEnd(13)} pods=${pods}`,
    `p50=${ms(r.latency.p50)}ms p99=${ms(r.latency.p99)}ms${ratio} p99.9=${ms(r.latency.p999)}ms`,
    `ttft.p99=${ms(r.ttft.p99)}ms`,
    `success=${pct(success, 3)} withinSLO=${pct(r.withinSloShare, 3)}`,
    `util=${pct(r.utilisation, 1)} busy=${pct(r.busyShare, 1)}`,
    `requests=${r.requests} failed=${r.failed}${r.retries.sent + r.retries.refused > 0 ? ` retries=${r.retries.sent} refused=${r.retries.refused}` : ''}`,
    `sim: ${(r.simulatedMs / 1000).toFixed(1)}s in wall=${(r.wallMs / 1000).toFixed(1)}s cpu=${(r.cpuMs / 1000).toFixed(1)}s events=${r.events}`,
  ].join('  ');
}

/** Result without the per-second timeline (kept short for the JSON of searches). */
export function summariseRun(r: FleetResult): Omit<FleetResult, 'timeline' | 'scaleEvents'> {
  const { timeline: _timeline, scaleEvents: _scaleEvents, ...rest } = r;
  return rest;
}

export function formatReference(pods: number, r: PooledReferenceResult): string {
  return [
    `${'reference'.padEnd(13)} pods=${pods}`,
    `p50=${ms(r.latency.p50)}ms p99=${ms(r.latency.p99)}ms p99.9=${ms(r.latency.p999)}ms`,
    `(one central queue, instant knowledge of every slot)`,
    `requests=${r.requests} unfinished=${r.unfinished} rejected=${r.rejected}`,
  ].join('  ');
}
