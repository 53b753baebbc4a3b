import type { Edit } from '@redline/edits';
import { hashId } from './hash.ts';

/** An edit of one segment (offsets relative to the segment), with the checker's message when it gave one. */
export interface SegmentEdit extends Edit {
  message?: string;
}

/** What the checker said about one segment's text. */
export interface SegmentResult {
  edits: SegmentEdit[];
  model: string;
}

/** A suggestion placed in the field: absolute offsets into the field's current text. */
export interface Suggestion extends SegmentEdit {
  /** Stable across shifts of the text: identifies the suggestion for dismissal. */
  key: string;
  segmentId: string;
  model: string;
}

/** The one region that differs between two versions of a field's text (one keystroke, paste, undo). */
export interface TextDelta {
  start: number;
  /** End of the replaced region in the old text. */
  oldEnd: number;
  /** End of the replacing region in the new text. */
  newEnd: number;
  /** The replacing text (new[start, newEnd)). */
  inserted: string;
}

/** Common prefix and suffix scan: linear, and stops at the first difference from each side. */
export function detectChange(before: string, after: string): TextDelta | null {
  if (before === after) return null;
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let oldEnd = before.length;
  let newEnd = after.length;
  while (oldEnd > start && newEnd > start && before.charCodeAt(oldEnd - 1) === after.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return { start, oldEnd, newEnd, inserted: after.slice(start, newEnd) };
}

/**
 * detectChange for the keystroke path, given where the caret is after the change. A typed, deleted or pasted
 * run ends at the caret, so the region is guessed from the caret and the length change, and confirmed with
 * two native string comparisons (a memory compare, not a per-character JS loop over a long field). When the
 * guess does not hold (the caret is elsewhere, a replaced selection, a script set the value) it falls back
 * to the full scan. Either way `before` with the region replaced gives `after`.
 */
export function detectChangeAt(before: string, after: string, caret: number | null): TextDelta | null {
  if (before === after) return null;
  const growth = after.length - before.length;
  if (caret !== null && caret >= 0 && caret <= after.length) {
    const newEnd = caret;
    const oldEnd = caret - growth;
    const start = Math.min(oldEnd, newEnd);
    if (
      oldEnd >= 0 &&
      oldEnd <= before.length &&
      before.slice(oldEnd) === after.slice(newEnd) &&
      before.slice(0, start) === after.slice(0, start)
    )
      return { start, oldEnd, newEnd, inserted: after.slice(start, newEnd) };
  }
  return detectChange(before, after);
}

const WORD_CHAR = /[\p{L}\p{N}'’_-]/u;

/** Letters, digits, apostrophes, _ and -. ASCII is decided without the Unicode regex (costly to compile
 * on a page's first keystroke, and this runs on every one). */
export function isWordChar(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code < 0x80)
    return (
      (code >= 0x61 && code <= 0x7a) || // a-z
      (code >= 0x41 && code <= 0x5a) || // A-Z
      (code >= 0x30 && code <= 0x39) || // 0-9
      code === 0x27 || // '
      code === 0x5f || // _
      code === 0x2d // -
    );
  return WORD_CHAR.test(c);
}

/**
 * Carry placed suggestions across a keystroke without re-checking: those before the change stay, those after
 * shift, and any the change touches are dropped. Typing at a word's edge changes the word ("teh" → "tehx"),
 * unless what was typed there is a separator (a space typed before it, a comma after it).
 */
export function shiftSuggestions(list: readonly Suggestion[], delta: TextDelta): Suggestion[] {
  const shift = delta.newEnd - delta.oldEnd;
  const pureInsert = delta.oldEnd === delta.start && delta.inserted.length > 0;
  const startsWithSeparator = pureInsert && !isWordChar(delta.inserted[0] as string);
  const endsWithSeparator = pureInsert && !isWordChar(delta.inserted[delta.inserted.length - 1] as string);
  const out: Suggestion[] = [];
  for (const s of list) {
    const moved = { ...s, start: s.start + shift, end: s.end + shift };
    if (s.end < delta.start) out.push(s);
    else if (s.start > delta.oldEnd) out.push(moved);
    else if (s.start === s.end)
      continue; // an insertion point the change reached
    else if (s.end === delta.start && startsWithSeparator) out.push(s);
    else if (s.start === delta.oldEnd && endsWithSeparator) out.push(moved);
  }
  return out;
}

export function suggestionKey(segmentId: string, edit: Edit): string {
  return `${segmentId}:${edit.start}:${edit.end}:${edit.replacement}`;
}

/** Ignored suggestions are stored by this hash only (like Harper's ignore list): the text itself is not kept. */
export function ignoreHash(edit: Pick<Edit, 'original' | 'replacement' | 'category'>): string {
  return hashId(`${edit.original}\u0000${edit.replacement}\u0000${edit.category}`);
}

export interface PlacedSegment {
  id: string;
  start: number;
  end: number;
  text: string;
}

/** Absolute suggestions from segment results; `keep` filters dismissed and ignored ones. */
export function placeSuggestions(
  segments: readonly PlacedSegment[],
  resultOf: (segmentId: string) => SegmentResult | undefined,
  keep: (s: Suggestion) => boolean,
): Suggestion[] {
  const out: Suggestion[] = [];
  for (const seg of segments) {
    const result = resultOf(seg.id);
    if (result === undefined) continue;
    for (const e of result.edits) {
      // A result is only placed where its original text still stands.
      if (e.end > seg.text.length || seg.text.slice(e.start, e.end) !== e.original) continue;
      const s: Suggestion = {
        ...e,
        start: seg.start + e.start,
        end: seg.start + e.end,
        key: suggestionKey(seg.id, e),
        segmentId: seg.id,
        model: result.model,
      };
      if (keep(s)) out.push(s);
    }
  }
  return out;
}

/** The suggestion under a caret offset (inclusive of both ends, so a caret just after a word counts). */
export function suggestionAt(list: readonly Suggestion[], offset: number): Suggestion | undefined {
  return list.find((s) => s.start <= offset && offset <= s.end);
}
