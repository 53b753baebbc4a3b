/** Kind of correction an edit makes; drives the underline colour and feedback analytics. */
export type Category =
  | 'spelling'
  | 'grammar'
  | 'punctuation'
  | 'word-choice'
  | 'whitespace'
  | 'capitalization'
  | 'other';

export const CATEGORIES: readonly Category[] = [
  'spelling',
  'grammar',
  'punctuation',
  'word-choice',
  'whitespace',
  'capitalization',
  'other',
];

/**
 * Replace `original` (= text.slice(start, end)) by `replacement`.
 * Offsets are UTF-16 code units, exactly as JS `String.prototype.slice` counts them.
 * `start === end` is a pure insertion; `replacement === ''` a pure deletion.
 */
export interface Edit {
  start: number;
  end: number;
  original: string;
  replacement: string;
  category: Category;
}

export type EditConflictReason = 'overlap' | 'mismatch' | 'out-of-range';

/** Thrown by applyEdits when edits cannot be applied safely to the given text. */
export class EditConflictError extends Error {
  override readonly name = 'EditConflictError';
  constructor(
    readonly reason: EditConflictReason,
    readonly edit: Edit,
    message: string,
    readonly other?: Edit,
  ) {
    super(message);
  }
}
