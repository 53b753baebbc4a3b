/** Human-readable lines for the CLI. */
import type { FleetResult } from '../types.ts';

const ms = (v: number) => (Number.isNaN(v) ? 'n/a' : v < 100 ? v.toFixed(1) : v.toFixed(0));
const pct = (v: number, digits = 2) => `${(v * 100).toFixed(digits)}%`;

export function formatRun(policy: string, pods: number, r: FleetResult): string {
  const success = r.requests === 0 ? 0 : r.succeeded / r.requests;
  return [
    `${policy.padEnd(13)} pods=${pods}`,
    `p50=${ms(r.latency.p50)}ms p99=${ms(r.latency.p99)}ms p99.9=${ms(r.latency.p999)}ms`,
    `ttft.p99=${ms(r.ttft.p99)}ms`,
    `success=${pct(success, 3)} withinSLO=${pct(r.withinSloShare, 3)}`,
    `util=${pct(r.utilisation, 1)} busy=${pct(r.busyShare, 1)}`,
    `requests=${r.requests} failed=${r.failed}`,
    `sim: ${(r.simulatedMs / 1000).toFixed(1)}s in wall=${(r.wallMs / 1000).toFixed(1)}s cpu=${(r.cpuMs / 1000).toFixed(1)}s events=${r.events}`,
  ].join('  ');
}

/** Result without the per-second timeline (kept short for the JSON of searches). */
export function summariseRun(r: FleetResult): Omit<FleetResult, 'timeline' | 'scaleEvents'> {
  const { timeline: _timeline, scaleEvents: _scaleEvents, ...rest } = r;
  return rest;
}
