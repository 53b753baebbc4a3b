import type { Category } from '@redline/edits';
import type { SegmentEdit } from './suggestions.ts';

/** A Harper lint reduced to plain data (the wasm objects are read once, then freed). */
export interface PlainLint {
  /** Span in Unicode scalar values (Harper counts chars, not UTF-16 units). */
  start: number;
  end: number;
  kind: string;
  message: string;
  suggestions: Array<{ kind: 'replace' | 'remove' | 'insert-after'; text: string }>;
}

const KIND_CATEGORY: Record<string, Category> = {
  Spelling: 'spelling',
  Typo: 'spelling',
  Capitalization: 'capitalization',
  Punctuation: 'punctuation',
  Formatting: 'whitespace',
  BoundaryError: 'whitespace',
  Agreement: 'grammar',
  Grammar: 'grammar',
  WordOrder: 'grammar',
  Repetition: 'grammar',
  WordChoice: 'word-choice',
  Eggcorn: 'word-choice',
  Malapropism: 'word-choice',
  Usage: 'word-choice',
  Nonstandard: 'word-choice',
  Regionalism: 'word-choice',
  Redundancy: 'word-choice',
  Style: 'other',
  Enhancement: 'other',
  Readability: 'other',
  Miscellaneous: 'other',
};

export function lintCategory(kind: string): Category {
  return KIND_CATEGORY[kind] ?? 'other';
}

/** Map char (code point) offsets to UTF-16 offsets; identity when the text has no astral characters. */
export function codePointToUtf16(text: string): (cp: number) => number {
  if (!/[\uD800-\uDBFF]/.test(text)) return (cp) => cp;
  const table: number[] = [];
  let u = 0;
  for (const ch of text) {
    table.push(u);
    u += ch.length;
  }
  table.push(u);
  return (cp) => table[Math.min(cp, table.length - 1)] ?? u;
}

/**
 * Harper's lints as edits on the same text: the first suggestion of each lint becomes the edit (lints without
 * a suggestion cannot be applied and are skipped); overlapping lints keep the first.
 */
export function lintsToEdits(text: string, lints: readonly PlainLint[]): SegmentEdit[] {
  const toUtf16 = codePointToUtf16(text);
  const edits: SegmentEdit[] = [];
  for (const lint of lints) {
    const first = lint.suggestions[0];
    if (first === undefined) continue;
    const start = toUtf16(lint.start);
    const end = toUtf16(lint.end);
    if (start > end || end > text.length) continue;
    const original = text.slice(start, end);
    const category = lintCategory(lint.kind);
    const message = lint.message;
    let edit: SegmentEdit;
    if (first.kind === 'remove') edit = { start, end, original, replacement: '', category, message };
    else if (first.kind === 'insert-after')
      edit = { start: end, end, original: '', replacement: first.text, category, message };
    else edit = { start, end, original, replacement: first.text, category, message };
    if (edit.original === edit.replacement) continue;
    edits.push(edit);
  }
  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  const out: SegmentEdit[] = [];
  for (const e of edits) {
    const last = out[out.length - 1];
    if (last !== undefined && e.start < last.end) continue;
    out.push(e);
  }
  return out;
}
