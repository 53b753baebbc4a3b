import { categorize, ptbTokenize } from '@redline/edits';
import type { GoldEdit } from './m2-gold.ts';

/** A token-level edit: replace source tokens [start, end) by `correction` (space-joined tokens). */
export interface TokenEdit {
  start: number;
  end: number;
  original: string;
  correction: string;
}

/**
 * Penn-Treebank tokens of raw text (what M2 gold files are tokenised with). `keepQuotes` leaves `"` as is,
 * for text scored against gold that kept straight quotes (CoNLL-2014 does).
 */
export function tokenizeForM2(text: string, keepQuotes = false): string[] {
  return ptbTokenize(text, { convertQuotes: !keepQuotes });
}

/**
 * Minimal token edits turning `source` into `target`: an alignment maximising kept tokens (substitution
 * costs 2, so a replacement never wins over keeping a later match), with consecutive non-matching steps
 * merged into one edit, as M2 hypothesis files hold them.
 */
export function alignTokens(source: string[], target: string[]): TokenEdit[] {
  const n = source.length;
  const m = target.length;
  const cols = m + 1;
  const d = new Uint32Array((n + 1) * cols);
  for (let i = 0; i <= n; i++) d[i * cols] = i;
  for (let j = 0; j <= m; j++) d[j] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const diag = d[(i - 1) * cols + j - 1]! + (source[i - 1] === target[j - 1] ? 0 : 2);
      d[i * cols + j] = Math.min(diag, d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1);
    }
  }
  // Walk back, preferring matches so unchanged tokens anchor the edits.
  const ops: Array<'=' | 'x'> = [];
  const pairs: Array<[number, number]> = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const here = d[i * cols + j]!;
    if (i > 0 && j > 0 && source[i - 1] === target[j - 1] && d[(i - 1) * cols + j - 1] === here) {
      ops.push('=');
      i--;
      j--;
    } else if (i > 0 && j > 0 && d[(i - 1) * cols + j - 1]! + 2 === here) {
      ops.push('x');
      i--;
      j--;
    } else if (i > 0 && d[(i - 1) * cols + j]! + 1 === here) {
      ops.push('x');
      i--;
    } else {
      ops.push('x');
      j--;
    }
    pairs.push([i, j]);
  }
  ops.reverse();
  pairs.reverse();
  const edits: TokenEdit[] = [];
  let k = 0;
  while (k < ops.length) {
    if (ops[k] === '=') {
      k++;
      continue;
    }
    const [si, ti] = pairs[k]!;
    let end = k;
    while (end < ops.length && ops[end] === 'x') end++;
    const [se, te] = end < ops.length ? pairs[end]! : [n, m];
    edits.push({
      start: si,
      end: se,
      original: source.slice(si, se).join(' '),
      correction: target.slice(ti, te).join(' '),
    });
    k = end;
  }
  return edits;
}

/** The M2 error type we can name without a parser: @redline/edits' coarse category. */
export function editType(edit: TokenEdit): string {
  return categorize(edit.original, edit.correction);
}

/** One M2 block (S line + A lines) for a hypothesis or reference, annotator `annotator`. */
export function toM2Block(source: string[], edits: TokenEdit[], annotator = 0): string {
  const lines = [`S ${source.join(' ')}`];
  if (edits.length === 0) lines.push(`A -1 -1|||noop|||-NONE-|||REQUIRED|||-NONE-|||${annotator}`);
  for (const e of edits) {
    const correction = e.correction === '' ? '-NONE-' : e.correction;
    lines.push(`A ${e.start} ${e.end}|||${editType(e)}|||${correction}|||REQUIRED|||-NONE-|||${annotator}`);
  }
  return lines.join('\n');
}

/** Gold edits (m2scorer's form) of one reference, for scoring against references without M2 gold. */
export function referenceGold(source: string[], reference: string[]): GoldEdit[] {
  return alignTokens(source, reference).map((e) => ({
    start: e.start,
    end: e.end,
    original: e.original,
    corrections: [e.correction],
  }));
}

/** Apply gold edits (first correction each) to source tokens: the annotator's corrected sentence. */
export function applyGold(source: string[], edits: GoldEdit[]): string[] {
  const out = source.slice();
  const sorted = edits.slice().sort((a, b) => b.start - a.start || b.end - a.end);
  let limit = Number.POSITIVE_INFINITY;
  for (const e of sorted) {
    if (e.end > limit) continue; // overlapping alternative: keep the later edit
    const correction = (e.corrections[0] ?? '').split(' ').filter(Boolean);
    out.splice(e.start, e.end - e.start, ...correction);
    limit = e.start;
  }
  return out;
}
