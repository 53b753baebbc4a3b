import type { GoldEdit, GoldSentence } from './m2-gold.ts';
import { buildLattice, type Lattice, LatticeBudgetError } from './m2-lattice.ts';
import { bestEditSequence, matches, prepareLattice, setWeights } from './m2-path.ts';
import { pyFormatFixed, pyUnicodeSplit } from './python-compat.ts';

/** A hypothesis edit on the best path: token span, original, correction. */
export interface M2Edit {
  start: number;
  end: number;
  original: string;
  correction: string;
}

export interface M2SentenceResult {
  /** Annotator the official scorer picks for this sentence (running corpus F maximised). */
  annotator: number;
  correct: number;
  proposed: number;
  gold: number;
  edits: M2Edit[];
  matched: M2Edit[];
  /** Set when the sentence hit the lattice budget and was scored on the base alignment only. */
  limitHit?: string;
}

export interface M2Options {
  beta?: number;
  maxUnchangedWords?: number;
  ignoreWhitespaceCasing?: boolean;
  /** Per-sentence bound on transitive-closure work (arc relaxations); default 20 million. */
  maxLatticeWork?: number;
}

export interface M2CorpusResult {
  precision: number;
  recall: number;
  f: number;
  beta: number;
  correct: number;
  proposed: number;
  gold: number;
  sentences: M2SentenceResult[];
  limitHits: Array<{ line: number; reason: string }>;
}

/**
 * shrinkEdit: the minimal form of a merged edit (common leading/trailing words dropped), which is how
 * m2scorer's verbose report prints hypothesis edits. Scoring itself uses the unshrunk edits.
 */
export function shrinkEdit(edit: M2Edit): M2Edit {
  const orig = pyUnicodeSplit(edit.original);
  const corr = pyUnicodeSplit(edit.correction);
  const shortest = Math.min(orig.length, corr.length);
  let i = 0;
  while (i < shortest && orig[i] === corr[i]) i++;
  let j = 1;
  while (j <= shortest - i && orig[orig.length - j] === corr[corr.length - j]) j++;
  return {
    start: edit.start + i,
    end: edit.end - (j - 1),
    original: orig.slice(i, orig.length - (j - 1)).join(' '),
    correction: corr.slice(i, corr.length - (j - 1)).join(' '),
  };
}

function sameIgnoringWhitespaceCasing(a: string, b: string): boolean {
  return a.replaceAll(' ', '').toLowerCase() === b.replaceAll(' ', '').toLowerCase();
}

/** matchSeq: edits in sentence order against gold edits in file order, never reusing an earlier gold. */
function matchSequence(seq: M2Edit[], gold: GoldEdit[]): M2Edit[] {
  const matched: M2Edit[] = [];
  let last = 0;
  for (const e of seq) {
    for (let i = last; i < gold.length; i++) {
      if (matches(e, gold[i]!)) {
        matched.push(e);
        last = i + 1;
        break;
      }
    }
  }
  return matched;
}

function fScore(c: number, e: number, g: number, beta: number): number {
  const denom = beta * beta * g + e;
  if (denom === 0) return c === 0 ? 1 : 0;
  return ((1 + beta * beta) * c) / denom;
}

/** Port of m2scorer 3.2 batch_multi_pre_rec_f1 (what `m2scorer SYSTEM GOLD` prints). */
export function scoreM2(hypotheses: string[], gold: GoldSentence[], options: M2Options = {}): M2CorpusResult {
  const beta = options.beta ?? 0.5;
  const maxUnchanged = options.maxUnchangedWords ?? 2;
  const maxWork = options.maxLatticeWork ?? 20_000_000;
  if (hypotheses.length !== gold.length) {
    throw new RangeError(`hypothesis has ${hypotheses.length} lines but gold has ${gold.length} sentences`);
  }
  const sqBeta = beta * beta;
  let statCorrect = 0;
  let statProposed = 0;
  let statGold = 0;
  const sentences: M2SentenceResult[] = [];
  const limitHits: Array<{ line: number; reason: string }> = [];
  for (let n = 0; n < gold.length; n++) {
    const sentence = gold[n]!;
    const src = pyUnicodeSplit(sentence.source);
    const hyp = pyUnicodeSplit(hypotheses[n]!);
    let lattice: Lattice;
    let limitHit: string | undefined;
    try {
      lattice = buildLattice(src, hyp, maxUnchanged, { maxWork });
    } catch (err) {
      if (!(err instanceof LatticeBudgetError)) throw err;
      // Pathological sentence: fall back to the base alignment (no merged edits) and report it.
      limitHit = err.message;
      limitHits.push({ line: n + 1, reason: limitHit });
      lattice = buildLattice(src, hyp, -1);
    }
    const prepared = prepareLattice(lattice);
    let best: M2SentenceResult | undefined;
    let fMax = -1;
    let maxCorrect = -1;
    let minProposed = Number.POSITIVE_INFINITY;
    let minGold = Number.POSITIVE_INFINITY;
    for (const { annotator, edits: goldEdits } of sentence.annotators) {
      let seq = bestEditSequence(prepared, setWeights(prepared, goldEdits));
      if (options.ignoreWhitespaceCasing)
        seq = seq.filter((e) => !sameIgnoringWhitespaceCasing(e.original, e.correction));
      const matched = matchSequence(seq, goldEdits);
      const c = statCorrect + matched.length;
      const p = statProposed + seq.length;
      const g = statGold + goldEdits.length;
      const f = fScore(c, p, g, beta);
      if (
        fMax < f ||
        (fMax === f && maxCorrect < c) ||
        (fMax === f && maxCorrect === c && minProposed + sqBeta * minGold > p + sqBeta * g)
      ) {
        fMax = f;
        maxCorrect = c;
        minProposed = p;
        minGold = g;
        best = {
          annotator,
          correct: matched.length,
          proposed: seq.length,
          gold: goldEdits.length,
          edits: seq,
          matched,
        };
      }
    }
    const chosen = best!;
    if (limitHit !== undefined) chosen.limitHit = limitHit;
    statCorrect += chosen.correct;
    statProposed += chosen.proposed;
    statGold += chosen.gold;
    sentences.push(chosen);
  }
  const { precision, recall, f } = prf(statCorrect, statProposed, statGold, beta);
  return {
    precision,
    recall,
    f,
    beta,
    correct: statCorrect,
    proposed: statProposed,
    gold: statGold,
    sentences,
    limitHits,
  };
}

/** Corpus P/R/F exactly as m2scorer computes them from the summed counts. */
export function prf(correct: number, proposed: number, gold: number, beta = 0.5) {
  const precision = proposed === 0 ? 1 : correct / proposed;
  const recall = gold === 0 ? 1 : correct / gold;
  const denom = beta * beta * precision + recall;
  const f = denom === 0 ? 0 : ((1 + beta * beta) * precision * recall) / denom;
  return { precision, recall, f };
}

/** The three lines m2scorer prints. */
export function formatM2Report(result: Pick<M2CorpusResult, 'precision' | 'recall' | 'f' | 'beta'>): string {
  return [
    `Precision   : ${pyFormatFixed(result.precision, 4)}`,
    `Recall      : ${pyFormatFixed(result.recall, 4)}`,
    `F_${pyFormatFixed(result.beta, 1)}       : ${pyFormatFixed(result.f, 4)}`,
  ].join('\n');
}
