import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize.ts';

describe('tokenize', () => {
  it('covers the text exactly with offsets in UTF-16 code units', () => {
    const text = 'Café, 3.14 apples — they’re 😀👍🏽 well-known!\n  Ok';
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.text).join('')).toBe(text);
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
    expect(tokens.map((t) => t.text)).toEqual([
      'Café',
      ',',
      ' ',
      '3.14',
      ' ',
      'apples',
      ' ',
      '—',
      ' ',
      'they’re',
      ' ',
      '😀',
      '👍🏽',
      ' ',
      'well-known',
      '!',
      '\n  ',
      'Ok',
    ]);
  });

  it('classifies token kinds', () => {
    const kinds = tokenize("It's 42, ok 🙂").map((t) => t.kind);
    expect(kinds).toEqual([
      'word',
      'whitespace',
      'number',
      'punctuation',
      'whitespace',
      'word',
      'whitespace',
      'symbol',
    ]);
  });

  it('never splits a surrogate pair, and keeps lone surrogates as their own token', () => {
    const text = 'a😀b\ud800c';
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.text)).toEqual(['a', '😀', 'b', '\ud800', 'c']);
  });

  it('keeps combining marks with their base letter', () => {
    const text = 'cafe\u0301 ok';
    expect(tokenize(text)[0]?.text).toBe('cafe\u0301');
  });
});
