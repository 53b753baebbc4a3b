import { pyBytesSplit, pyFormatFixed } from './python-compat.ts';
import { PythonRandom } from './python-random.ts';

/**
 * GLEU as the JFLEG script computes it (keisks/jfleg eval/gleu.py, compute_gleu, 2016 multi-reference
 * version): for each of `iterations` runs, one reference per sentence drawn with Python 2's
 * `random.seed(101 * j)` / `randint`, corpus GLEU from summed n-gram statistics; reported as mean,
 * population std and a normal 95% interval. Tokens are whitespace-split (the script never tokenises).
 */
export interface GleuOptions {
  iterations?: number;
  order?: number;
}

export interface GleuResult {
  mean: number;
  std: number;
  ci: [number, number];
  iterations: number;
  /** Per-iteration corpus scores. */
  scores: number[];
}

type Counts = Map<string, number>;

const SEP = '\u0000';

function ngramCounts(tokens: string[], n: number): Counts {
  const counts: Counts = new Map();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join(SEP);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function intersectionSize(a: Counts, b: Counts): number {
  let total = 0;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w !== undefined) total += Math.min(v, w);
  }
  return total;
}

/** Statistics of one hypothesis against one reference: [c, r, match1, total1, …, matchN, totalN]. */
export function gleuStats(hyp: string[], src: string[], ref: string[], order = 4): number[] {
  const stats = [hyp.length, ref.length];
  for (let n = 1; n <= order; n++) {
    const h = ngramCounts(hyp, n);
    const s = ngramCounts(src, n);
    const r = ngramCounts(ref, n);
    // n-grams of the source that the reference dropped: matching them is penalised.
    const sourceOnly: Counts = new Map();
    for (const [k, v] of s) if (!r.has(k)) sourceOnly.set(k, v);
    stats.push(Math.max(intersectionSize(h, r) - intersectionSize(h, sourceOnly), 0));
    stats.push(Math.max(hyp.length + 1 - n, 0));
  }
  return stats;
}

/** GLEU from (summed) statistics; `smooth` replaces zeros by one, as for sentence-level scores. */
export function gleuFromStats(raw: number[], smooth = false): number {
  const stats = smooth ? raw.map((s) => (s !== 0 ? s : 1)) : raw;
  if (stats.some((s) => s === 0)) return 0;
  const c = stats[0]!;
  const r = stats[1]!;
  let logPrecision = 0;
  for (let i = 2; i + 1 < stats.length; i += 2) logPrecision += Math.log(stats[i]! / stats[i + 1]!);
  logPrecision /= (stats.length - 2) / 2;
  return Math.exp(Math.min(0, 1 - r / c) + logPrecision);
}

/** Tokenise lines exactly as the script does (Python 2 byte-string split). */
export function gleuTokens(lines: string[]): string[][] {
  return lines.map(pyBytesSplit);
}

export function computeGleu(
  sources: string[][],
  references: string[][][],
  hypotheses: string[][],
  options: GleuOptions = {},
): GleuResult {
  const iterations = options.iterations ?? 500;
  const order = options.order ?? 4;
  const numRefs = references.length;
  if (numRefs === 0) throw new RangeError('GLEU needs at least one reference set');
  for (const refs of references) {
    if (refs.length < hypotheses.length)
      throw new RangeError('a reference file has fewer lines than the hypothesis');
  }
  if (sources.length < hypotheses.length)
    throw new RangeError('the source has fewer lines than the hypothesis');
  const rng = new PythonRandom();
  const indices: Uint8Array[] = [];
  for (let j = 0; j < iterations; j++) {
    rng.seed(j * 101);
    const row = new Uint8Array(hypotheses.length);
    for (let i = 0; i < hypotheses.length; i++) row[i] = rng.randint2(0, numRefs - 1);
    indices.push(row);
  }
  const width = 2 * order + 2;
  const iterStats = Array.from({ length: iterations }, () => new Array<number>(width).fill(0));
  for (let i = 0; i < hypotheses.length; i++) {
    const byRef: Array<number[] | undefined> = new Array(numRefs);
    for (let j = 0; j < iterations; j++) {
      const ref = indices[j]![i]!;
      let stats = byRef[ref];
      if (stats === undefined) {
        stats = gleuStats(hypotheses[i]!, sources[i]!, references[ref]![i]!, order);
        byRef[ref] = stats;
      }
      const acc = iterStats[j]!;
      for (let x = 0; x < width; x++) acc[x]! += stats[x]!;
    }
  }
  const scores = iterStats.map((s) => gleuFromStats(s));
  const mean = npMean(scores);
  const std = Math.sqrt(npMean(scores.map((x) => (x - mean) ** 2)));
  // scipy.stats.norm.interval(0.95, loc=mean, scale=std)
  const z = 1.959963984540054;
  return { mean, std, ci: [mean - z * std, mean + z * std], iterations, scores };
}

/** numpy's mean: pairwise summation (blocks of 128 summed 8-wide) divided by n. */
function npMean(values: number[]): number {
  return pairwiseSum(values, 0, values.length) / values.length;
}

function pairwiseSum(a: number[], start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i]!;
    return res;
  }
  if (n <= 128) {
    const r = [0, 0, 0, 0, 0, 0, 0, 0];
    for (let k = 0; k < 8; k++) r[k] = a[start + k]!;
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let k = 0; k < 8; k++) r[k]! += a[start + i + k]!;
    let res = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) res += a[start + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/** What the script prints for a hypothesis file: [['mean', 'std', '(lo,hi)']]. */
export function formatGleu(result: GleuResult): string {
  return `[['${pyFormatFixed(result.mean, 6)}', '${pyFormatFixed(result.std, 6)}', '(${pyFormatFixed(result.ci[0], 3)},${pyFormatFixed(result.ci[1], 3)})']]`;
}
