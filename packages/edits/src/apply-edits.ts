import { type Edit, EditConflictError } from './types.ts';

/** Stable sort by position; an insertion at p comes before a replacement starting at p. */
export function sortEdits<E extends Edit>(edits: readonly E[]): E[] {
  return edits
    .map((edit, index) => ({ edit, index }))
    .sort((x, y) => x.edit.start - y.edit.start || x.edit.end - y.edit.end || x.index - y.index)
    .map((x) => x.edit);
}

/**
 * Apply edits (any order) to `text`. Throws EditConflictError when an edit is out of range, when
 * `edit.original` is not the text at [start, end), or when two edits overlap (two insertions at the
 * same offset also conflict: their order would be ambiguous).
 */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = sortEdits(edits);
  let out = '';
  let cursor = 0;
  let previous: Edit | undefined;
  for (const edit of sorted) {
    const { start, end } = edit;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > text.length) {
      throw new EditConflictError(
        'out-of-range',
        edit,
        `edit [${start}, ${end}) is outside text of length ${text.length}`,
      );
    }
    if (previous !== undefined && (start < previous.end || (start === end && previous.start === end))) {
      throw new EditConflictError(
        'overlap',
        edit,
        `edit [${start}, ${end}) overlaps edit [${previous.start}, ${previous.end})`,
        previous,
      );
    }
    const actual = text.slice(start, end);
    if (actual !== edit.original) {
      throw new EditConflictError(
        'mismatch',
        edit,
        `edit [${start}, ${end}) expects ${JSON.stringify(edit.original)} but text has ${JSON.stringify(actual)}`,
      );
    }
    out += text.slice(cursor, start) + edit.replacement;
    cursor = end;
    previous = edit;
  }
  return out + text.slice(cursor);
}
