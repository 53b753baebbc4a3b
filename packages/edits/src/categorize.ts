import { FUNCTION_WORDS, irregularLemma } from './function-words.ts';
import { damerauLevenshtein } from './string-distance.ts';
import { tokenize } from './tokenize.ts';
import type { Category } from './types.ts';

/**
 * Classify the correction `original` → `replacement` (the two sides of one edit). Rules, first match wins:
 *  1. identical → other
 *  2. only whitespace differs (same non-space tokens) → whitespace
 *  3. same words ignoring case, punctuation tokens differ → punctuation ("," inserted, "." → "!")
 *  4. same words ignoring case → capitalization
 *  5. same letters/digits once spaces, hyphens and apostrophes are dropped: words only split/joined
 *     ("alot" → "a lot") → spelling; both sides real function words ("its" → "it's") → grammar;
 *     else → spelling ("dont" → "don't")
 *  6. after dropping words common to both sides, one word ↔ one word:
 *     both function words (articles, prepositions, auxiliaries, pronouns, their/there/they're) → grammar;
 *     same stem / same irregular lemma ("go" → "goes", "has" → "have", "went" → "gone") → grammar;
 *     Damerau–Levenshtein ≤ 1, or ≤ 2 on words of 5+ chars, or ≤ 25 % of the length → spelling;
 *     otherwise → word-choice ("big" → "large")
 *  7. only insertions or only deletions of words: all function words → grammar, else → other
 *  8. several words: pairwise as in 6 when counts match (all spelling → spelling, spelling/grammar
 *     only → grammar), differing counts whose surplus is function words → grammar, else → word-choice
 */
export function categorize(original: string, replacement: string): Category {
  if (original === replacement) return 'other';
  const a = tokenize(normalizeApostrophes(original));
  const b = tokenize(normalizeApostrophes(replacement));
  const nonSpace = (t: typeof a) => t.filter((x) => x.kind !== 'whitespace').map((x) => x.text);
  if (sameList(nonSpace(a), nonSpace(b))) return 'whitespace';
  const wordsOf = (t: typeof a) =>
    t.filter((x) => x.kind === 'word' || x.kind === 'number').map((x) => x.text.toLowerCase());
  const wordsA = wordsOf(a);
  const wordsB = wordsOf(b);
  if (sameList(wordsA, wordsB)) {
    const punctuation = (t: typeof a) => t.filter((x) => x.kind === 'punctuation').map((x) => x.text);
    return sameList(punctuation(a), punctuation(b)) ? 'capitalization' : 'punctuation';
  }
  if (lettersOnly(original) === lettersOnly(replacement)) {
    if (wordsA.join('') === wordsB.join('')) return 'spelling';
    const changed = symmetricDifference(wordsA, wordsB);
    return changed.every(isFunctionWord) ? 'grammar' : 'spelling';
  }
  const [removed, added] = dropCommonWords(wordsA, wordsB);
  if (removed.length === 0 || added.length === 0) {
    const changed = removed.length === 0 ? added : removed;
    return changed.length > 0 && changed.every(isFunctionWord) ? 'grammar' : 'other';
  }
  if (removed.length === added.length) {
    const kinds = removed.map((w, i) => wordPairCategory(w, added[i] as string));
    if (kinds.every((k) => k === 'spelling')) return 'spelling';
    if (kinds.every((k) => k === 'spelling' || k === 'grammar')) return 'grammar';
    return 'word-choice';
  }
  const contentRemoved = removed.filter((w) => !isFunctionWord(w));
  const contentAdded = added.filter((w) => !isFunctionWord(w));
  if (contentRemoved.length === contentAdded.length) {
    const kinds = contentRemoved.map((w, i) => wordPairCategory(w, contentAdded[i] as string));
    if (kinds.every((k) => k === 'spelling' || k === 'grammar')) return 'grammar';
  }
  return 'word-choice';
}

/** Category of replacing one (lower-case) word by another. */
export function wordPairCategory(from: string, to: string): Category {
  if (from === to) return 'other';
  if (isFunctionWord(from) && isFunctionWord(to)) return 'grammar';
  if (sameLemma(from, to)) return 'grammar';
  const distance = damerauLevenshtein(from, to);
  const longest = Math.max(from.length, to.length);
  if (distance <= 1 || (distance <= 2 && longest >= 5) || distance / longest <= 0.25) return 'spelling';
  return 'word-choice';
}

export function isFunctionWord(word: string): boolean {
  return FUNCTION_WORDS.has(word.toLowerCase());
}

/** Inflections of one stem: "walk"/"walked", "try"/"tries", "stop"/"stopping", "go"/"went". */
export function sameLemma(a: string, b: string): boolean {
  const la = irregularLemma(a);
  if (la !== undefined && la === irregularLemma(b)) return true;
  const stemsA = candidateStems(a);
  for (const s of candidateStems(b)) if (stemsA.has(s)) return true;
  return false;
}

const SUFFIX_RULES: readonly [suffix: string, restore: readonly string[]][] = [
  ['ies', ['y']],
  ['ied', ['y']],
  ['ier', ['y']],
  ['iest', ['y']],
  ['ily', ['y']],
  ['es', ['', 'e']],
  ['s', ['']],
  ['ed', ['', 'e']],
  ['d', ['']],
  ['ing', ['', 'e']],
  ['er', ['', 'e']],
  ['est', ['', 'e']],
  ['ly', ['']],
];

function candidateStems(word: string): Set<string> {
  const stems = new Set<string>([word]);
  for (const [suffix, restores] of SUFFIX_RULES) {
    if (!word.endsWith(suffix) || word.length - suffix.length < 2) continue;
    const base = word.slice(0, -suffix.length);
    for (const r of restores) stems.add(base + r);
    // stopped → stop, bigger → big: undo consonant doubling.
    const last = base[base.length - 1];
    if (base.length >= 3 && last === base[base.length - 2] && last !== undefined && !/[aeiou]/.test(last)) {
      stems.add(base.slice(0, -1));
    }
  }
  return stems;
}

function dropCommonWords(a: readonly string[], b: readonly string[]): [string[], string[]] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return [a.slice(start, endA), b.slice(start, endB)];
}

function symmetricDifference(a: readonly string[], b: readonly string[]): string[] {
  const [removed, added] = dropCommonWords(a, b);
  return [...removed, ...added];
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function lettersOnly(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

function normalizeApostrophes(text: string): string {
  return text.replace(/\u2019/g, "'");
}
