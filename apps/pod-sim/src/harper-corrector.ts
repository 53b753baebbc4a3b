import { Dialect, type Lint, LocalLinter } from 'harper.js';
import { binary } from 'harper.js/binary';
import { injectError } from './degrade.ts';
import { hashText, seededRandom } from './seeded-random.ts';

export type DialectName = 'American' | 'British' | 'Canadian' | 'Australian' | 'Indian';

const DIALECTS: Record<DialectName, Dialect> = {
  American: Dialect.American,
  British: Dialect.British,
  Canadian: Dialect.Canadian,
  Australian: Dialect.Australian,
  Indian: Dialect.Indian,
};

export function parseDialect(name: string | undefined): DialectName {
  if (!name) return 'American';
  const key = (name.trim()[0]?.toUpperCase() ?? '') + name.trim().slice(1).toLowerCase();
  return key in DIALECTS ? (key as DialectName) : 'American';
}

// One linter per dialect per process: harper's WASM set-up costs seconds, pods in one process share it.
const linters = new Map<DialectName, Promise<LocalLinter>>();

function linterFor(dialect: DialectName): Promise<LocalLinter> {
  let linter = linters.get(dialect);
  if (!linter) {
    const created = new LocalLinter({ binary, dialect: DIALECTS[dialect] });
    linter = created.setup().then(() => created);
    linters.set(dialect, linter);
  }
  return linter;
}

/** Load harper's WASM and dictionary ahead of the first request. */
export async function warmUpHarper(dialect: DialectName = 'American'): Promise<void> {
  const linter = await linterFor(dialect);
  await linter.lint('Warm up the linter.', { language: 'plaintext' });
}

/** Offsets from code-point indices to UTF-16 indices for `text` (only needed when text has astral chars). */
function codePointToUtf16(text: string): (cp: number) => number {
  const offsets: number[] = [];
  let u = 0;
  for (const ch of text) {
    offsets.push(u);
    u += ch.length;
  }
  offsets.push(u);
  return (cp) => offsets[Math.min(cp, offsets.length - 1)] ?? u;
}

interface Edit {
  start: number;
  end: number;
  replacement: string;
}

/**
 * Harper reports spans in "chars". Which unit that is has changed across harper.js releases, so each span is
 * checked against the lint's problem text: UTF-16 slices are used as-is, code-point spans are converted.
 */
export function lintToEdit(text: string, lint: Lint, toUtf16: (cp: number) => number): Edit | null {
  // Lints, spans and suggestions live in harper's WASM heap: free each one we take out.
  const suggestions = lint.suggestions();
  const span = lint.span();
  try {
    const suggestion = suggestions[0];
    if (!suggestion) return null;
    const problem = lint.get_problem_text();
    let start = span.start;
    let end = span.end;
    if (text.slice(start, end) !== problem) {
      start = toUtf16(span.start);
      end = toUtf16(span.end);
      if (text.slice(start, end) !== problem) return null; // cannot place it safely: skip rather than corrupt
    }
    const replacementText = suggestion.get_replacement_text();
    // SuggestionKind: 0 Replace, 1 Remove, 2 InsertAfter.
    switch (suggestion.kind()) {
      case 1:
        return { start, end, replacement: '' };
      case 2:
        return { start: end, end, replacement: replacementText };
      default:
        return { start, end, replacement: replacementText };
    }
  } finally {
    span.free();
    for (const s of suggestions) s.free();
  }
}

/**
 * Correct `text`: apply harper's first suggestion for each lint, from the end backwards so earlier offsets
 * stay valid; overlapping lints are skipped. With `degrade` > 0 each suggestion is skipped with that
 * probability and one error is injected with that probability, both seeded by the text's hash.
 */
export async function correctWithHarper(text: string, dialect: DialectName, degrade = 0): Promise<string> {
  if (text.trim() === '') return text;
  const linter = await linterFor(dialect);
  const lints = await linter.lint(text, { language: 'plaintext' });
  const random = seededRandom(hashText(text));
  let toUtf16: ((cp: number) => number) | null = null;
  const edits: Edit[] = [];
  for (const lint of lints) {
    toUtf16 ??= codePointToUtf16(text);
    const edit = lintToEdit(text, lint, toUtf16);
    lint.free();
    if (edit && !(degrade > 0 && random() < degrade)) edits.push(edit);
  }
  edits.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let floor = Number.POSITIVE_INFINITY;
  for (const e of edits) {
    if (e.end > floor) continue; // overlaps an edit already applied further right
    out = out.slice(0, e.start) + e.replacement + out.slice(e.end);
    floor = e.start;
  }
  if (degrade > 0 && random() < degrade) out = injectError(out, random);
  return out;
}
