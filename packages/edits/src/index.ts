export { applyEdits, sortEdits } from './apply-edits.ts';
export { categorize, isFunctionWord, sameLemma, wordPairCategory } from './categorize.ts';
export { diffEdits, diffTokens, type TokenDiff } from './diff-edits.ts';
export { diffSequences, type Hunk } from './myers-diff.ts';
export { type PtbOptions, ptbTokenize } from './ptb-tokenize.ts';
export { mapOffset, rebaseEdit, rebaseEdits, type TextChange, textChanges } from './rebase-edits.ts';
export { damerauLevenshtein } from './string-distance.ts';
export { type Token, type TokenKind, tokenize } from './tokenize.ts';
export { CATEGORIES, type Category, type Edit, EditConflictError, type EditConflictReason } from './types.ts';
