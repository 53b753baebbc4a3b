import { describe, expect, it } from 'vitest';
import { categorize, sameLemma, wordPairCategory } from './categorize.ts';
import { damerauLevenshtein } from './string-distance.ts';

describe('categorize', () => {
  it.each([
    ['tomorow', 'tomorrow', 'spelling'],
    ['teh', 'the', 'spelling'],
    ['recieve', 'receive', 'spelling'],
    ['alot', 'a lot', 'spelling'],
    ['dont', "don't", 'spelling'],
    ['Their', "They're", 'grammar'],
    ['their', 'there', 'grammar'],
    ['its', "it's", 'grammar'],
    ['a', 'an', 'grammar'],
    ['in', 'on', 'grammar'],
    ['go', 'goes', 'grammar'],
    ['went', 'gone', 'grammar'],
    ['have', 'has', 'grammar'],
    ['walk', 'walked', 'grammar'],
    ['try', 'tries', 'grammar'],
    ['stop', 'stopping', 'grammar'],
    ['', ' the', 'grammar'],
    [' the', '', 'grammar'],
    ['have went', 'has gone', 'grammar'],
    ['', ',', 'punctuation'],
    ['.', '!', 'punctuation'],
    ['well', 'well,', 'punctuation'],
    ['cat. the', 'cat. The', 'capitalization'],
    ['cat the', 'cat. The', 'punctuation'],
    ['paris', 'Paris', 'capitalization'],
    ['  ', ' ', 'whitespace'],
    ['', ' ', 'whitespace'],
    ['big', 'large', 'word-choice'],
    ['very big', 'huge', 'word-choice'],
    ['utilize', 'use', 'word-choice'],
    ['', ' really', 'other'],
    ['same', 'same', 'other'],
  ] as const)('%j → %j is %s', (original, replacement, expected) => {
    expect(categorize(original, replacement)).toBe(expected);
  });

  it('treats the curly apostrophe like the straight one', () => {
    expect(categorize('its', 'it’s')).toBe('grammar');
  });
});

describe('word helpers', () => {
  it('computes Damerau–Levenshtein with transpositions', () => {
    expect(damerauLevenshtein('teh', 'the')).toBe(1);
    expect(damerauLevenshtein('tomorow', 'tomorrow')).toBe(1);
    expect(damerauLevenshtein('kitten', 'sitting')).toBe(3);
    expect(damerauLevenshtein('', 'abc')).toBe(3);
    expect(damerauLevenshtein('abc', 'abc')).toBe(0);
  });

  it('recognises shared stems and irregular lemmas', () => {
    expect(sameLemma('walks', 'walking')).toBe(true);
    expect(sameLemma('make', 'making')).toBe(true);
    expect(sameLemma('big', 'bigger')).toBe(true);
    expect(sameLemma('bring', 'brought')).toBe(true);
    expect(sameLemma('tomorow', 'tomorrow')).toBe(false);
    expect(sameLemma('big', 'large')).toBe(false);
  });

  it('separates typos from word choice by edit distance', () => {
    expect(wordPairCategory('definately', 'definitely')).toBe('spelling');
    expect(wordPairCategory('happy', 'glad')).toBe('word-choice');
  });
});
