/**
 * Confidence intervals for tail percentiles by the circular block bootstrap (Politis & Romano, 1992).
 *
 * A cell's latencies are not independent draws: requests that arrive together share a queue, so a burst of
 * slow answers is one event, not many. Resampling single requests would pretend it is many and make the
 * interval too narrow. Resampling runs of consecutive arrivals (about a second of them) keeps those runs
 * whole. Two systems measured on the same arrivals are resampled with the same runs (a paired bootstrap), so
 * their ratio's interval carries only what differs between them, not the luck of the arrivals both saw.
 */
import { percentile } from './percentiles.ts';

export interface Interval {
  estimate: number;
  lo: number;
  hi: number;
}

export interface BootstrapOptions {
  /** Uniform [0, 1) source (seeded: the same inputs give the same interval). */
  random: () => number;
  /** Consecutive samples resampled together. */
  blockLength: number;
  /** Resamples drawn (default 1000). */
  resamples?: number;
  /** Two-sided coverage (default 0.95). */
  level?: number;
}

/** Nearest-rank q-quantile of values weighted by counts, visiting them in ascending `order`. */
function weightedQuantile(
  values: readonly number[],
  order: Uint32Array,
  counts: Uint32Array,
  total: number,
  q: number,
): number {
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const i of order) {
    seen += counts[i]!;
    if (seen >= rank) return values[i]!;
  }
  return values[order[order.length - 1]!]!;
}

function ascendingOrder(values: readonly number[]): Uint32Array {
  const order = Uint32Array.from(values.keys());
  return order.sort((a, b) => values[a]! - values[b]!);
}

/** Sample counts of one circular block resample of n indices. */
function drawCounts(n: number, blockLength: number, random: () => number, counts: Uint32Array): void {
  counts.fill(0);
  const block = Math.max(1, Math.min(n, Math.round(blockLength)));
  for (let drawn = 0; drawn < n; ) {
    const start = Math.floor(random() * n);
    for (let j = 0; j < block && drawn < n; j++, drawn++) counts[(start + j) % n]!++;
  }
}

/**
 * Percentile-bootstrap interval of `statistic(quantile of each series)` over series measured on the same
 * arrivals (equal lengths, index i = the same arrival in each).
 */
function pairedInterval(
  series: readonly (readonly number[])[],
  q: number,
  statistic: (quantiles: readonly number[]) => number,
  options: BootstrapOptions,
): Interval {
  const n = series[0]?.length ?? 0;
  if (n === 0 || series.some((s) => s.length !== n)) {
    throw new RangeError(
      `paired series must be non-empty and of equal length (got ${series.map((s) => s.length)})`,
    );
  }
  const orders = series.map(ascendingOrder);
  const counts = new Uint32Array(n);
  const resamples = options.resamples ?? 1000;
  const stats: number[] = [];
  const quantiles = new Array<number>(series.length);
  for (let r = 0; r < resamples; r++) {
    drawCounts(n, options.blockLength, options.random, counts);
    for (let s = 0; s < series.length; s++) {
      quantiles[s] = weightedQuantile(series[s]!, orders[s]!, counts, n, q);
    }
    stats.push(statistic(quantiles));
  }
  stats.sort((a, b) => a - b);
  const tail = (1 - (options.level ?? 0.95)) / 2;
  counts.fill(1); // the sample itself
  const point = series.map((s, i) => weightedQuantile(s, orders[i]!, counts, n, q));
  return { estimate: statistic(point), lo: percentile(stats, tail), hi: percentile(stats, 1 - tail) };
}

/** Interval for the q-quantile of one series. */
export function quantileInterval(values: readonly number[], q: number, options: BootstrapOptions): Interval {
  return pairedInterval([values], q, ([x]) => x!, options);
}

/** Interval for quantile(a) / quantile(b), a and b measured on the same arrivals. */
export function pairedRatioInterval(
  a: readonly number[],
  b: readonly number[],
  q: number,
  options: BootstrapOptions,
): Interval {
  return pairedInterval([a, b], q, ([x, y]) => x! / y!, options);
}
