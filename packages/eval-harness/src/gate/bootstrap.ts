import { gleuFromStats } from '../metrics/gleu.ts';
import { prf } from '../metrics/m2-scorer.ts';
import { PythonRandom } from '../metrics/python-random.ts';

/** Per-sentence sufficient statistics of one system on one item. */
export interface PairedSentence {
  base: { correct: number; proposed: number; gold: number; gleu: number[][] };
  cand: { correct: number; proposed: number; gold: number; gleu: number[][] };
}

export interface MetricBootstrap {
  /** Corpus score of baseline / candidate on all items. */
  baseline: number;
  candidate: number;
  delta: number;
  ci: [number, number];
  /** Sorted resampled deltas (for the report's histogram). */
  samples: number[];
}

export interface BootstrapResult {
  f05: MetricBootstrap;
  gleu: MetricBootstrap | null;
  resamples: number;
  confidence: number;
  seed: number;
}

export interface BootstrapOptions {
  resamples: number;
  confidence: number;
  seed: number;
  /** Injected uniform [0,1) source; defaults to MT19937 seeded with `seed`. */
  random?: () => number;
}

function quantile(sorted: number[], q: number): number {
  // linear interpolation between order statistics (numpy's default percentile)
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Column-major copy of one side's statistics, so resampling is tight typed-array arithmetic. */
interface SideTable {
  correct: Int32Array;
  proposed: Int32Array;
  gold: Int32Array;
  /** GLEU stats: item k, reference r at offset (refOffset[k] + r) * width. */
  gleu: Float64Array;
  refOffset: Int32Array;
  refCount: Int32Array;
  width: number;
}

function table(rows: PairedSentence[], side: 'base' | 'cand', withGleu: boolean): SideTable {
  const n = rows.length;
  const width = withGleu ? rows[0]![side].gleu[0]!.length : 0;
  const refOffset = new Int32Array(n);
  const refCount = new Int32Array(n);
  let total = 0;
  rows.forEach((row, k) => {
    refOffset[k] = total;
    refCount[k] = withGleu ? row[side].gleu.length : 0;
    total += refCount[k]!;
  });
  const gleu = new Float64Array(total * width);
  if (withGleu) {
    rows.forEach((row, k) => {
      row[side].gleu.forEach((stats, r) => {
        gleu.set(stats, (refOffset[k]! + r) * width);
      });
    });
  }
  return {
    correct: Int32Array.from(rows, (r) => r[side].correct),
    proposed: Int32Array.from(rows, (r) => r[side].proposed),
    gold: Int32Array.from(rows, (r) => r[side].gold),
    gleu,
    refOffset,
    refCount,
    width,
  };
}

function f05Of(t: SideTable, draw: Int32Array): number {
  let c = 0;
  let p = 0;
  let g = 0;
  for (let k = 0; k < draw.length; k++) {
    const i = draw[k]!;
    c += t.correct[i]!;
    p += t.proposed[i]!;
    g += t.gold[i]!;
  }
  return prf(c, p, g, 0.5).f;
}

function gleuOf(t: SideTable, draw: Int32Array, refPick: Float64Array, acc: Float64Array): number {
  acc.fill(0);
  for (let k = 0; k < draw.length; k++) {
    const i = draw[k]!;
    const at = (t.refOffset[i]! + Math.floor(refPick[k]! * t.refCount[i]!)) * t.width;
    for (let x = 0; x < t.width; x++) acc[x]! += t.gleu[at + x]!;
  }
  return gleuFromStats(Array.from(acc));
}

/** Point estimate on all items: corpus GLEU averaged over reference slots r (sentence refs[r mod count]). */
function gleuPoint(t: SideTable, n: number): number {
  let slots = 0;
  for (let i = 0; i < n; i++) slots = Math.max(slots, t.refCount[i]!);
  const acc = new Float64Array(t.width);
  let total = 0;
  for (let r = 0; r < slots; r++) {
    acc.fill(0);
    for (let i = 0; i < n; i++) {
      const at = (t.refOffset[i]! + (r % t.refCount[i]!)) * t.width;
      for (let x = 0; x < t.width; x++) acc[x]! += t.gleu[at + x]!;
    }
    total += gleuFromStats(Array.from(acc));
  }
  return total / slots;
}

/**
 * Paired bootstrap over sentences: each resample draws n sentence indices with replacement (and, for
 * GLEU, one reference per drawn sentence, shared by both systems), recomputes corpus F0.5 from the summed
 * counts and corpus GLEU from the summed n-gram statistics, and records candidate − baseline.
 */
export function pairedBootstrap(rows: PairedSentence[], options: BootstrapOptions): BootstrapResult {
  if (rows.length === 0) throw new RangeError('no paired sentences to bootstrap');
  const rng = new PythonRandom(options.seed);
  const random = options.random ?? (() => rng.random());
  const withGleu = rows.every((r) => r.base.gleu.length > 0 && r.cand.gleu.length > 0);
  const base = table(rows, 'base', withGleu);
  const cand = table(rows, 'cand', withGleu);
  const fSamples: number[] = [];
  const gSamples: number[] = [];
  const draw = new Int32Array(rows.length);
  const refPick = new Float64Array(rows.length);
  const acc = new Float64Array(base.width);
  for (let b = 0; b < options.resamples; b++) {
    for (let k = 0; k < rows.length; k++) {
      draw[k] = Math.floor(random() * rows.length);
      refPick[k] = random();
    }
    fSamples.push(f05Of(cand, draw) - f05Of(base, draw));
    if (withGleu) gSamples.push(gleuOf(cand, draw, refPick, acc) - gleuOf(base, draw, refPick, acc));
  }
  const everything = Int32Array.from(rows, (_, k) => k);
  const alpha = 1 - options.confidence;
  const summarise = (samples: number[], baseline: number, candidate: number): MetricBootstrap => {
    const sorted = samples.slice().sort((a, b) => a - b);
    return {
      baseline,
      candidate,
      delta: candidate - baseline,
      ci: [quantile(sorted, alpha / 2), quantile(sorted, 1 - alpha / 2)],
      samples: sorted,
    };
  };
  return {
    f05: summarise(fSamples, f05Of(base, everything), f05Of(cand, everything)),
    gleu: withGleu ? summarise(gSamples, gleuPoint(base, rows.length), gleuPoint(cand, rows.length)) : null,
    resamples: options.resamples,
    confidence: options.confidence,
    seed: options.seed,
  };
}
