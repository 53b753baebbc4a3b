/**
 * The load shapes `simulate` compares policies on. Each is a rate profile (req/s over simulated time) with the
 * scale factors that produced it, so every figure can say how the trace was transformed.
 *   - code / conv: the Azure LLM inference traces (2023, ~1 h each), per-second arrival counts smoothed over
 *     `smoothSec`, rate-scaled so their peak equals the target peak, and time-compressed.
 *   - diurnal: a synthetic 24 h working day (trough 25 % of peak) with unannounced bursts, compressed.
 *   - step: steady load, then +50 % within 10 s, held.
 */
import { readFile } from 'node:fs/promises';

export type TraceName = 'code' | 'conv' | 'diurnal' | 'step';
export const TRACE_NAMES: readonly TraceName[] = ['code', 'conv', 'diurnal', 'step'];

export interface RateProfile {
  name: TraceName;
  /** Simulated duration, ms. */
  durationMs: number;
  /** Offered load at simulated time t (ms), req/s. */
  rateAt(tMs: number): number;
  peakRps: number;
  /** Human-readable statement of every transformation applied. */
  description: string;
  /** Source-time / simulated-time. */
  timeCompression: number;
  /** Multiplier applied to the source's arrival rate (after compression). */
  rateScale: number;
  /** Start of each injected burst (simulated ms), for recovery measurements. */
  burstsAtMs: number[];
}

/** Per-second arrival counts of an Azure trace CSV (TIMESTAMP, ContextTokens, GeneratedTokens). */
export async function loadAzureCounts(path: string): Promise<number[]> {
  const text = await readFile(path, 'utf8');
  const lines = text.split('\n');
  const header = lines[0]?.split(',') ?? [];
  if (header[0]?.trim() !== 'TIMESTAMP') throw new Error(`${path}: expected a TIMESTAMP column first`);
  const times: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const stamp = lines[i]!.split(',')[0]?.trim();
    if (!stamp) continue;
    // "2023-11-16 18:17:03.9799600": keep milliseconds, read as UTC.
    const ms = Date.parse(`${stamp.slice(0, 23).replace(' ', 'T')}Z`);
    if (Number.isFinite(ms)) times.push(ms);
  }
  if (times.length === 0) throw new Error(`${path}: no rows`);
  times.sort((a, b) => a - b);
  const start = times[0]!;
  const counts = new Array<number>(Math.floor((times.at(-1)! - start) / 1000) + 1).fill(0);
  for (const t of times) counts[Math.floor((t - start) / 1000)]! += 1;
  return counts;
}

/** Centered moving average over `window` seconds. */
export function smooth(counts: readonly number[], window: number): number[] {
  const half = Math.floor(window / 2);
  const prefix = [0];
  for (const c of counts) prefix.push(prefix.at(-1)! + c);
  return counts.map((_, i) => {
    const lo = Math.max(0, i - half);
    const hi = Math.min(counts.length, i + half + 1);
    return (prefix[hi]! - prefix[lo]!) / (hi - lo);
  });
}

export function azureProfile(
  name: 'code' | 'conv',
  counts: readonly number[],
  options: { peakRps: number; durationMs: number; smoothSec: number },
): RateProfile {
  const smoothed = smooth(counts, options.smoothSec);
  const sourcePeak = Math.max(...smoothed);
  const sourceMs = counts.length * 1000;
  const compression = sourceMs / options.durationMs;
  // After compression the source peak becomes sourcePeak × compression req/s; scale the rest of the way.
  const rateScale = options.peakRps / (sourcePeak * compression);
  return {
    name,
    durationMs: options.durationMs,
    rateAt: (t) => {
      const sourceSec = Math.min(smoothed.length - 1, Math.floor((t * compression) / 1000));
      return (smoothed[sourceSec] ?? 0) * (options.peakRps / sourcePeak);
    },
    peakRps: options.peakRps,
    description:
      `Azure LLM inference trace "${name}" (${counts.length} s, ${sum(counts)} requests; arrival shape only): ` +
      `1-s counts smoothed over ${options.smoothSec} s, time compressed ${compression.toFixed(2)}× ` +
      `(${(sourceMs / 60_000).toFixed(1)} min → ${(options.durationMs / 60_000).toFixed(1)} min), ` +
      `rate ×${(options.peakRps / sourcePeak).toFixed(1)} overall so the ${sourcePeak.toFixed(2)} req/s peak ` +
      `becomes ${options.peakRps} req/s`,
    timeCompression: compression,
    rateScale,
    burstsAtMs: [],
  };
}

export interface DiurnalOptions {
  peakRps: number;
  durationMs: number;
  /** Trough as a share of peak. Default 0.25. */
  troughShare?: number;
  /** Bursts: start (share of the day), size (+share of current load), length (simulated ms). */
  bursts?: { atShare: number; plus: number; lengthMs: number }[];
}

export const DEFAULT_BURSTS = [
  { atShare: 0.4, plus: 0.5, lengthMs: 120_000 },
  { atShare: 0.72, plus: 0.4, lengthMs: 90_000 },
];

/**
 * A working day: trough at 04:00, morning ramp, plateau, evening decline (a raised cosine squared, which
 * keeps the plateau broad). Bursts are added on top at full strength within 10 s (unannounced).
 */
export function diurnalProfile(options: DiurnalOptions): RateProfile {
  const trough = options.troughShare ?? 0.25;
  const bursts = options.bursts ?? DEFAULT_BURSTS;
  const day = options.durationMs;
  // Ramp of bursts: up within 10 s, down within 10 s.
  const burstFactor = (t: number) => {
    let f = 1;
    for (const b of bursts) {
      const start = b.atShare * day;
      const x = t - start;
      if (x < 0 || x > b.lengthMs + 10_000) continue;
      const up = Math.min(1, x / 10_000);
      const down = Math.min(1, Math.max(0, (b.lengthMs + 10_000 - x) / 10_000));
      f += b.plus * Math.min(up, down);
    }
    return f;
  };
  // peakRps is the diurnal peak; bursts come on top of it.
  const base = options.peakRps;
  const shape = (t: number) => {
    const hour = ((t / day) * 24 + 24 - 4) % 24; // hours since 04:00
    const s = (1 - Math.cos((2 * Math.PI * hour) / 24)) / 2; // 0 at 04:00, 1 at 16:00
    return trough + (1 - trough) * s ** 0.6;
  };
  const compression = 86_400_000 / day;
  return {
    name: 'diurnal',
    durationMs: day,
    rateAt: (t) => base * shape(t) * burstFactor(t),
    peakRps: options.peakRps,
    description:
      `synthetic 24 h day compressed ${compression.toFixed(0)}× into ${(day / 60_000).toFixed(1)} min, ` +
      `trough ${Math.round(trough * 100)} % of the ${options.peakRps} req/s peak at 04:00, ` +
      `${bursts.length} unannounced bursts (${bursts.map((b) => `+${Math.round(b.plus * 100)} % for ${b.lengthMs / 1000} s`).join(', ')}; burst durations not compressed)`,
    timeCompression: compression,
    rateScale: 1,
    burstsAtMs: bursts.map((b) => b.atShare * day),
  };
}

export function stepProfile(options: { peakRps: number; durationMs: number; stepAtMs: number }): RateProfile {
  const before = options.peakRps / 1.5;
  return {
    name: 'step',
    durationMs: options.durationMs,
    rateAt: (t) => before * (1 + 0.5 * Math.min(1, Math.max(0, (t - options.stepAtMs) / 10_000))),
    peakRps: options.peakRps,
    description: `steady ${Math.round(before)} req/s, +50 % within 10 s at ${options.stepAtMs / 1000} s (to ${options.peakRps} req/s), held`,
    timeCompression: 1,
    rateScale: 1,
    burstsAtMs: [options.stepAtMs],
  };
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
