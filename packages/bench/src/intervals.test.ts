import { mulberry32 } from '@redline/router';
import { describe, expect, it } from 'vitest';
import { cellKey, p99Interval } from './intervals.ts';
import { percentile, summarize } from './percentiles.ts';
import { checkTargets, markdownSummary } from './report.ts';
import type { BenchRow } from './row.ts';

/** One cell's row and samples: `shape` maps each shared arrival's luck to this system's latency. */
function cell(
  scenario: BenchRow['scenario'],
  system: BenchRow['system'],
  luck: readonly number[],
  shape: (x: number, i: number) => number,
  samples: Map<string, number[]>,
): BenchRow {
  const latencies = luck.map(shape);
  const s = summarize(latencies);
  const row: BenchRow = {
    scenario,
    loadPct: 85,
    system,
    offeredRps: 100,
    cpu: {},
    maxSendLagMs: 0,
    ...s,
    successRate: 1,
    goodputRps: 100,
    requests: latencies.length,
  };
  samples.set(cellKey(row), latencies);
  return row;
}

// The arrivals' luck every system shares: an exponential tail over a 400 ms service time.
const random = mulberry32(21);
const luck = Array.from({ length: 3000 }, () => 400 - 40 * Math.log(1 - random()));
const noise = mulberry32(22);

describe('p99Interval', () => {
  it('brackets the row p99 and is missing without samples', () => {
    const samples = new Map<string, number[]>();
    const row = cell('homogeneous', 'gateway:redline', luck, (x) => x, samples);
    const ci = p99Interval(row, samples)!;
    expect(ci.estimate).toBe(
      percentile(
        [...luck].sort((a, b) => a - b),
        0.99,
      ),
    );
    expect(ci.lo).toBeLessThan(ci.estimate);
    expect(ci.hi).toBeGreaterThan(ci.estimate);
    expect(p99Interval(row, new Map())).toBeUndefined();
  });
});

describe('checkTargets with samples', () => {
  it('says whether redline and the best other can be told apart', () => {
    const samples = new Map<string, number[]>();
    const tied = checkTargets(
      [
        cell('homogeneous', 'gateway:redline', luck, (x) => x + 1 + 2 * noise(), samples),
        cell('homogeneous', 'haproxy:roundrobin', luck, (x) => x + 2 * noise(), samples),
      ],
      85,
      samples,
    );
    expect(tied[0]!.ok).toBe(false);
    expect(tied[0]!.detail).toMatch(
      /redline \/ haproxy:roundrobin = 1\.00\d \(95 % CI .*\): within the noise/,
    );

    const apart = checkTargets(
      [
        cell('homogeneous', 'gateway:redline', luck, (x) => x * 1.05 + 3 * noise(), samples),
        cell('homogeneous', 'haproxy:roundrobin', luck, (x) => x + 3 * noise(), samples),
      ],
      85,
      samples,
    );
    expect(apart[0]!.detail).toContain('a real difference');
  });

  it('gives the ratio to random(2) its interval', () => {
    const samples = new Map<string, number[]>();
    const checks = checkTargets(
      [
        cell('fast-503', 'gateway:redline', luck, (x) => x, samples),
        cell('fast-503', 'haproxy:random(2)', luck, (x) => x * 1.2, samples),
      ],
      85,
      samples,
    );
    expect(checks.find((c) => c.detail.includes('ratio'))?.detail).toBe(
      'p99 ratio redline / haproxy:random(2) = 0.83 (95 % CI 0.83–0.83) (target <= 0.80)',
    );
  });
});

describe('markdownSummary with samples', () => {
  it('reports what each fault cost a system on the same arrivals', () => {
    const samples = new Map<string, number[]>();
    const rows = [
      cell('homogeneous', 'gateway:redline', luck, (x) => x, samples),
      cell('fast-503', 'gateway:redline', luck, (x) => x * 1.01, samples),
      cell('slow-pod', 'gateway:redline', luck, (x, i) => (i % 8 === 0 ? x * 3 : x), samples),
    ];
    const md = markdownSummary(rows, {}, [], samples);
    expect(md).toContain('## What each fault cost, on the same arrivals (85% load)');
    expect(md).toMatch(
      /\| gateway:redline \| [\d.]+ \(95 % CI [\d.]+–[\d.]+\) \| 1\.01 \(95 % CI 1\.01–1\.01\) \|/,
    );
    expect(md).toContain('p99 ms (95 % CI)');
  });

  it('leaves the fault costs out without samples', () => {
    const samples = new Map<string, number[]>();
    const rows = [cell('homogeneous', 'gateway:redline', luck, (x) => x, samples)];
    expect(markdownSummary(rows, {}, [])).not.toContain('What each fault cost');
  });
});
