import type { Category } from '@redline/edits';
import type { Suggestion } from './suggestions.ts';

/** Underline colours by category (Grammarly-like: red for correctness, blue for clarity, green for style). */
export const CATEGORY_COLOURS: Record<Category, string> = {
  spelling: '#d62839',
  grammar: '#d62839',
  punctuation: '#e07a1f',
  capitalization: '#e07a1f',
  whitespace: '#8a8f98',
  'word-choice': '#2563eb',
  other: '#15803d',
};

export const CATEGORY_LABELS: Record<Category, string> = {
  spelling: 'Spelling',
  grammar: 'Grammar',
  punctuation: 'Punctuation',
  capitalization: 'Capitalization',
  whitespace: 'Spacing',
  'word-choice': 'Word choice',
  other: 'Suggestion',
};

const quote = (s: string) => `“${s}”`;

/** The card's explanation: the checker's own message when it has one, else one derived from the edit. */
export function suggestionMessage(s: Pick<Suggestion, 'original' | 'replacement' | 'message'>): string {
  if (s.message !== undefined && s.message.trim() !== '') return s.message;
  if (s.original === '') return `Insert ${quote(s.replacement)}.`;
  if (s.replacement === '') return `Remove ${quote(s.original)}.`;
  if (s.original.trim() === '' && s.replacement.trim() === '') return 'Fix the spacing here.';
  return `Replace ${quote(s.original)} with ${quote(s.replacement)}.`;
}
