import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countChatPromptTokens, countTokens, tokenize } from './tokenizer.ts';

describe('tokenizer', () => {
  it('splits into word pieces with a leading space, punctuation and whitespace', () => {
    expect(tokenize('Their going too the park.')).toEqual(['Their', ' going', ' too', ' the', ' park', '.']);
    expect(tokenize('internationalization')).toEqual(['intern', 'ationa', 'lizati', 'on']);
    expect(tokenize('a\n\nb')).toEqual(['a', '\n\n', 'b']);
  });

  it('averages roughly four characters per token on English prose', () => {
    const prose =
      'The committee reviewed the proposal carefully and decided that further analysis of the budget was needed.';
    const ratio = prose.length / countTokens(prose);
    expect(ratio).toBeGreaterThan(3);
    expect(ratio).toBeLessThan(7);
  });

  it('is lossless and countTokens agrees with tokenize (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const pieces = tokenize(text);
        expect(pieces.join('')).toBe(text);
        expect(countTokens(text)).toBe(pieces.length);
      }),
    );
  });

  it('adds chat-template overhead per message', () => {
    const one = countChatPromptTokens([{ role: 'user', text: 'Hello there.' }]);
    const two = countChatPromptTokens([
      { role: 'system', text: '' },
      { role: 'user', text: 'Hello there.' },
    ]);
    expect(one).toBe(countTokens('Hello there.') + 10);
    expect(two - one).toBe(5);
  });
});
