import { type Interval, pairedRatioInterval, quantileInterval } from './bootstrap.ts';
import { cellRandom } from './poisson.ts';
import type { BenchRow } from './row.ts';

/** Each cell's latencies in arrival order (failures at the deadline), by cellKey. */
export type CellSamples = ReadonlyMap<string, readonly number[]>;

export const cellKey = (row: Pick<BenchRow, 'scenario' | 'loadPct' | 'system'>): string =>
  `${row.scenario}|${row.loadPct}|${row.system}`;

/**
 * About a second of arrivals per resampled block: a request's latency depends on the queue it met, and the
 * queue is shaped by the arrivals of the last service time or two (~0.4 s at the benchmark's shape).
 */
const blockLengthOf = (row: BenchRow): number => Math.max(1, Math.round(row.offeredRps));

const P99 = 0.99;

/** 95 % block-bootstrap interval of a cell's p99 (seeded by the cell: the same run gives the same interval). */
export function p99Interval(row: BenchRow, samples: CellSamples): Interval | undefined {
  const latencies = samples.get(cellKey(row));
  if (!latencies?.length) return undefined;
  return quantileInterval(latencies, P99, {
    random: cellRandom(0, 'p99', cellKey(row)),
    blockLength: blockLengthOf(row),
  });
}

/**
 * 95 % paired interval of p99(a) / p99(b), for two cells measured on the same arrivals (the same load: every
 * scenario but burst shares its schedule); undefined when either cell's samples are missing or not paired.
 */
export function p99RatioInterval(a: BenchRow, b: BenchRow, samples: CellSamples): Interval | undefined {
  const xs = samples.get(cellKey(a));
  const ys = samples.get(cellKey(b));
  if (!xs?.length || !ys || xs.length !== ys.length || a.loadPct !== b.loadPct) return undefined;
  return pairedRatioInterval(xs, ys, P99, {
    random: cellRandom(0, 'p99-ratio', cellKey(a), cellKey(b)),
    blockLength: blockLengthOf(a),
  });
}

/** "0.83 (95 % CI 0.80–0.86)" */
export function formatRatio(interval: Interval, digits = 2): string {
  const f = (x: number) => x.toFixed(digits);
  return `${f(interval.estimate)} (95 % CI ${f(interval.lo)}–${f(interval.hi)})`;
}
