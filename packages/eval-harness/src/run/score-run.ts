import { categorize } from '@redline/edits';
import { computeGleu, gleuStats } from '../metrics/gleu.ts';
import type { GoldSentence } from '../metrics/m2-gold.ts';
import { type M2Edit, scoreM2, shrinkEdit } from '../metrics/m2-scorer.ts';
import { referenceGold, tokenizeForM2 } from '../metrics/token-edits.ts';
import type { DatasetItem } from './dataset.ts';

export type CategoryCounts = Record<string, [tp: number, fp: number, fn: number]>;

export interface ItemScore {
  /** m2scorer counts of the chosen annotator for this sentence. */
  m2: { correct: number; proposed: number; gold: number; annotator: number };
  /** GLEU statistics against each reference (empty without references). */
  gleuStats: number[][];
  /** Hypothesis edits (minimal form) with whether they matched gold. */
  edits: Array<M2Edit & { category: string; correct: boolean }>;
  categories: CategoryCounts;
}

export interface Percentiles {
  count: number;
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
}

export interface RunScores {
  m2: { precision: number; recall: number; f05: number; correct: number; proposed: number; gold: number };
  gleu: { mean: number; std: number; ci: [number, number]; iterations: number } | null;
  categories: CategoryCounts;
}

/** Nearest-rank percentile (the value below which q of the samples fall). */
export function percentiles(values: number[]): Percentiles {
  if (values.length === 0) return { count: 0, mean: null, p50: null, p90: null, p99: null, max: null };
  const sorted = values.slice().sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  return {
    count: sorted.length,
    mean,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted[sorted.length - 1]!,
  };
}

/** Gold for an item: its M2 annotators, or one annotator per reference aligned on PTB tokens. */
export function itemGold(item: DatasetItem): GoldSentence {
  if (item.gold) return item.gold;
  const source = tokenizeForM2(item.source);
  const annotators =
    item.references.length > 0
      ? item.references.map((ref, annotator) => ({
          annotator,
          edits: referenceGold(source, tokenizeForM2(ref)),
        }))
      : [{ annotator: 0, edits: [] }];
  return { source: source.join(' '), annotators };
}

function sourceTokens(item: DatasetItem): string[] {
  return item.gold ? item.gold.source.split(' ').filter(Boolean) : tokenizeForM2(item.source);
}

/**
 * Score outputs: M2 (m2scorer port, hypothesis PTB-tokenised; a failed item counts as "no change"),
 * GLEU when every item has references (missing ones cycle the item's own references, as GLEU needs the
 * same count everywhere), per-category counts via @redline/edits' categorize.
 */
export function scoreOutputs(
  items: DatasetItem[],
  outputs: Array<string | null>,
): { scores: RunScores; perItem: ItemScore[] } {
  const golds = items.map(itemGold);
  const hypTokens = items.map((item, i) => {
    const out = outputs[i];
    return out === null || out === undefined
      ? sourceTokens(item)
      : tokenizeForM2(out, item.gold !== undefined);
  });
  const m2 = scoreM2(
    hypTokens.map((t) => t.join(' ')),
    golds,
  );
  const total: CategoryCounts = {};
  const add = (acc: CategoryCounts, cat: string, slot: 0 | 1 | 2) => {
    const entry = acc[cat] ?? [0, 0, 0];
    entry[slot]++;
    acc[cat] = entry;
  };
  const refsTok = items.map((item) => item.references.map((r) => tokenizeForM2(r, item.gold !== undefined)));
  const srcTok = items.map(sourceTokens);
  const perItem: ItemScore[] = m2.sentences.map((s, i) => {
    const gold = golds[i]!.annotators.find((a) => a.annotator === s.annotator)?.edits ?? [];
    const categories: CategoryCounts = {};
    const matchedKeys = new Set(s.matched.map((e) => `${e.start}:${e.end}:${e.correction}`));
    const edits = s.edits.map((e) => {
      const correct = matchedKeys.has(`${e.start}:${e.end}:${e.correction}`);
      const shown = shrinkEdit(e);
      const category = categorize(shown.original, shown.correction);
      add(categories, category, correct ? 0 : 1);
      add(total, category, correct ? 0 : 1);
      return { ...shown, category, correct };
    });
    for (const g of gold) {
      const hit = s.matched.some(
        (e) => e.start === g.start && e.end === g.end && g.corrections.includes(e.correction),
      );
      if (hit) continue;
      const category = categorize(g.original, g.corrections[0] ?? '');
      add(categories, category, 2);
      add(total, category, 2);
    }
    const stats = refsTok[i]!.map((ref) => gleuStats(hypTokens[i]!, srcTok[i]!, ref));
    return {
      m2: { correct: s.correct, proposed: s.proposed, gold: s.gold, annotator: s.annotator },
      gleuStats: stats,
      edits,
      categories,
    };
  });
  let gleu: RunScores['gleu'] = null;
  const maxRefs = Math.max(0, ...refsTok.map((r) => r.length));
  if (items.length > 0 && refsTok.every((r) => r.length > 0)) {
    const references = Array.from({ length: maxRefs }, (_, r) =>
      refsTok.map((refs) => refs[r % refs.length]!),
    );
    const g = computeGleu(srcTok, references, hypTokens);
    gleu = { mean: g.mean, std: g.std, ci: g.ci, iterations: g.iterations };
  }
  return {
    scores: {
      m2: {
        precision: m2.precision,
        recall: m2.recall,
        f05: m2.f,
        correct: m2.correct,
        proposed: m2.proposed,
        gold: m2.gold,
      },
      gleu,
      categories: total,
    },
    perItem,
  };
}
