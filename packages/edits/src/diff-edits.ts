import { categorize } from './categorize.ts';
import { diffSequences, type Hunk } from './myers-diff.ts';
import { type Token, tokenize } from './tokenize.ts';
import type { Edit } from './types.ts';

/**
 * Token hunks between two texts plus the tokens they index into. For speed only the window that can
 * differ is tokenised: `a`/`b` cover before[aFrom, aTo) / after[bFrom, bTo) (offsets are absolute), and
 * hunk indices point into those arrays; an index equal to the array length means offset aTo / bTo.
 */
export interface TokenDiff {
  a: Token[];
  b: Token[];
  hunks: Hunk[];
  aTo: number;
  bTo: number;
}

const WHITESPACE = /\s/;
/** Margin kept around the changed window so sliding an insertion still sees its neighbours. */
const WINDOW_MARGIN = 64;

/** Is there a token boundary at `i` (whitespace before, non-whitespace at `i`)? */
function boundaryAt(text: string, i: number): boolean {
  return WHITESPACE.test(text[i - 1] as string) && !WHITESPACE.test(text[i] as string);
}

/**
 * The character window that can differ, cut at token boundaries both texts share: a whitespace run
 * always ends a token, so tokenising the window alone yields exactly the tokens of the full text there.
 */
function changedWindow(a: string, b: string): { from: number; aTo: number; bTo: number } {
  const max = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  let from = Math.max(0, prefix - WINDOW_MARGIN);
  while (from > 0 && !boundaryAt(a, from)) from--;
  let suffix = 0;
  while (suffix < max - from && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix))
    suffix++;
  // The cut needs its whitespace inside the common suffix, so that b has the same boundary.
  let keep = Math.max(0, suffix - 1 - WINDOW_MARGIN);
  while (keep > 0 && !boundaryAt(a, a.length - keep)) keep--;
  return { from, aTo: a.length - keep, bTo: b.length - keep };
}

function tokenizeRange(text: string, from: number, to: number): Token[] {
  const tokens = tokenize(from === 0 && to === text.length ? text : text.slice(from, to));
  if (from > 0) {
    for (const t of tokens) {
      t.start += from;
      t.end += from;
    }
  }
  return tokens;
}

/**
 * Token-level diff of two texts. Pure insertions/deletions that could sit at several positions
 * (e.g. deleting one of "the the") are slid to the position that reads most naturally.
 */
export function diffTokens(before: string, after: string): TokenDiff {
  const { from, aTo, bTo } = changedWindow(before, after);
  const a = tokenizeRange(before, from, aTo);
  const b = tokenizeRange(after, from, bTo);
  const ids = new Map<string, number>();
  const intern = (tokens: Token[]): Int32Array => {
    const out = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const text = (tokens[i] as Token).text;
      let id = ids.get(text);
      if (id === undefined) {
        id = ids.size;
        ids.set(text, id);
      }
      out[i] = id;
    }
    return out;
  };
  const aIds = intern(a);
  const bIds = intern(b);
  const hunks = diffSequences(aIds, bIds);
  for (let i = 0; i < hunks.length; i++) {
    // Keep at least one equal token between hunks so sliding never glues two edits together.
    const prevEnd = i > 0 ? (hunks[i - 1] as Hunk).aEnd + 1 : 0;
    const nextStart = i + 1 < hunks.length ? (hunks[i + 1] as Hunk).aStart - 1 : a.length;
    hunks[i] = slideToNaturalPosition(hunks[i] as Hunk, a, b, aIds, bIds, prevEnd, nextStart);
  }
  return { a, b, hunks, aTo, bTo };
}

/**
 * Character-offset edits turning `original` into `corrected`: sorted, non-overlapping, minimal
 * (unchanged tokens never sit inside an edit; adjacent changed tokens form one edit).
 */
export function diffEdits(original: string, corrected: string): Edit[] {
  if (original === corrected) return [];
  const { a, b, hunks, aTo, bTo } = diffTokens(original, corrected);
  return hunks.map((h) => {
    const start = offsetOfToken(a, h.aStart, aTo);
    const end = h.aEnd > h.aStart ? (a[h.aEnd - 1] as Token).end : start;
    const bStart = offsetOfToken(b, h.bStart, bTo);
    const bEnd = h.bEnd > h.bStart ? (b[h.bEnd - 1] as Token).end : bStart;
    const edit = {
      start,
      end,
      original: original.slice(start, end),
      replacement: corrected.slice(bStart, bEnd),
    };
    return { ...edit, category: categorize(edit.original, edit.replacement) };
  });
}

export function offsetOfToken(tokens: readonly Token[], index: number, windowEnd: number): number {
  return index < tokens.length ? (tokens[index] as Token).start : windowEnd;
}

/**
 * A pure insertion (or deletion) of tokens T between equal runs can slide left/right while the token
 * leaving one end equals the token entering the other. Among those equivalent positions prefer the one
 * whose changed span starts with whitespace and ends on a word (" the" after the previous word), then
 * one that ends with whitespace ("the " before the next word); ties go to the rightmost position, so the
 * second of a doubled word is the one removed.
 */
function slideToNaturalPosition(
  h: Hunk,
  a: readonly Token[],
  b: readonly Token[],
  aIds: Int32Array,
  bIds: Int32Array,
  minA: number,
  maxA: number,
): Hunk {
  const insertion = h.aStart === h.aEnd;
  const deletion = h.bStart === h.bEnd;
  if (insertion === deletion) return h;
  const ids = insertion ? bIds : aIds;
  const tokens = insertion ? b : a;
  let lo = insertion ? h.bStart : h.aStart;
  let hi = insertion ? h.bEnd : h.aEnd;
  // How far each side can move is bounded by the equal run in `a` around the hunk.
  let room = h.aStart - minA;
  while (room > 0 && lo > 0 && ids[lo - 1] === ids[hi - 1]) {
    lo--;
    hi--;
    room--;
  }
  const leftmost = lo;
  const width = hi - lo;
  let maxShift = 0;
  room = maxA - (insertion ? h.aStart : h.aEnd) + (h.aStart - minA - room);
  while (maxShift < room && hi + maxShift < ids.length && ids[lo + maxShift] === ids[hi + maxShift]) {
    maxShift++;
  }
  const isSpace = (i: number): boolean => (tokens[i] as Token).kind === 'whitespace';
  let best = 0;
  let bestScore = -1;
  for (let s = 0; s <= maxShift; s++) {
    const first = leftmost + s;
    const last = first + width - 1;
    const score = isSpace(first) && !isSpace(last) ? 2 : !isSpace(first) && isSpace(last) ? 1 : 0;
    if (score >= bestScore) {
      bestScore = score;
      best = s;
    }
  }
  const shift = leftmost + best - (insertion ? h.bStart : h.aStart);
  return {
    aStart: h.aStart + shift,
    aEnd: h.aEnd + shift,
    bStart: h.bStart + shift,
    bEnd: h.bEnd + shift,
  };
}
