import { sortEdits } from './apply-edits.ts';
import { diffTokens, offsetOfToken } from './diff-edits.ts';
import type { Token } from './tokenize.ts';
import type { Edit } from './types.ts';

/** One region the user changed: before[start, end) became after[start + delta', …) of `insertedLength`. */
export interface TextChange {
  /** Offsets in the `before` text. */
  start: number;
  end: number;
  /** Length of the text that replaced before[start, end). */
  insertedLength: number;
}

/**
 * The regions that changed between two versions of a text, in order, in `before` coordinates.
 * Token-level (a changed character marks its whole word as changed), so an edit on a word the
 * user has since retyped is never mistaken for still valid.
 */
export function textChanges(before: string, after: string): TextChange[] {
  if (before === after) return [];
  const { a, b, hunks, aTo, bTo } = diffTokens(before, after);
  return hunks.map((h) => {
    const start = offsetOfToken(a, h.aStart, aTo);
    const end = h.aEnd > h.aStart ? (a[h.aEnd - 1] as Token).end : start;
    const bStart = offsetOfToken(b, h.bStart, bTo);
    const bEnd = h.bEnd > h.bStart ? (b[h.bEnd - 1] as Token).end : bStart;
    return { start, end, insertedLength: bEnd - bStart };
  });
}

/**
 * Map an offset of `before` into `after` through `changes`. Offsets inside a changed region have no
 * exact image: `assoc` -1 maps them to the start of the replacement, +1 (default) to its end. An
 * offset exactly at the boundary of an insertion follows `assoc` too.
 */
export function mapOffset(offset: number, changes: readonly TextChange[], assoc: -1 | 1 = 1): number {
  let delta = 0;
  for (const c of changes) {
    if (c.start === c.end) {
      if (offset < c.start) break;
      if (offset === c.start) return assoc < 0 ? offset + delta : offset + delta + c.insertedLength;
    } else {
      if (offset <= c.start) break;
      if (offset < c.end) return assoc < 0 ? c.start + delta : c.start + delta + c.insertedLength;
    }
    delta += c.insertedLength - (c.end - c.start);
  }
  return offset + delta;
}

/** Does the user's change touch the edit? Adjacent changes to a replaced span are fine. */
function touches(edit: Edit, c: TextChange): boolean {
  const editEmpty = edit.start === edit.end;
  const changeEmpty = c.start === c.end;
  if (editEmpty && changeEmpty) return edit.start === c.start;
  if (editEmpty) return c.start < edit.start && edit.start < c.end;
  if (changeEmpty) return edit.start < c.start && c.start < edit.end;
  return edit.start < c.end && c.start < edit.end;
}

function rebaseThrough(edit: Edit, changes: readonly TextChange[], after: string): Edit | null {
  let delta = 0;
  for (const c of changes) {
    if (touches(edit, c)) return null;
    if (c.end <= edit.start) {
      delta += c.insertedLength - (c.end - c.start);
    } else if (c.start >= edit.end) {
      break;
    }
  }
  const start = edit.start + delta;
  const end = edit.end + delta;
  if (start < 0 || end > after.length || after.slice(start, end) !== edit.original) return null;
  return { ...edit, start, end };
}

/**
 * Carry edits computed on `before` over to `after` (a later version the user typed): edits after a
 * change shift, edits the change touched are dropped, as are edits whose original text no longer
 * matches. The result is sorted and safe for applyEdits(after, …).
 */
export function rebaseEdits(edits: readonly Edit[], before: string, after: string): Edit[] {
  if (before === after) return sortEdits(edits);
  const changes = textChanges(before, after);
  const out: Edit[] = [];
  for (const edit of sortEdits(edits)) {
    const moved = rebaseThrough(edit, changes, after);
    if (moved === null) continue;
    const last = out[out.length - 1];
    if (
      last !== undefined &&
      (moved.start < last.end || (moved.start === moved.end && last.start === moved.start))
    )
      continue;
    out.push(moved);
  }
  return out;
}

/** Rebase a single edit; null when the user's change invalidated it. */
export function rebaseEdit(edit: Edit, before: string, after: string): Edit | null {
  if (before === after) return edit;
  return rebaseThrough(edit, textChanges(before, after), after);
}
