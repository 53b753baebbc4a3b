import { describe, expect, it } from 'vitest';
import { ptbTokenize } from './ptb-tokenize.ts';

describe('ptbTokenize (NLTK TreebankWordTokenizer rules)', () => {
  it('matches the NLTK docstring example', () => {
    const s = 'Good muffins cost $3.88\nin New York.  Please buy me\ntwo of them.\nThanks.';
    // Lines are tokenised separately, so each line's final period is split.
    expect(ptbTokenize(s)).toEqual(
      'Good muffins cost $ 3.88 in New York. Please buy me two of them . Thanks .'.split(' '),
    );
  });

  it('splits contractions and clitics', () => {
    expect(ptbTokenize("They'll save and invest more.")).toEqual([
      'They',
      "'ll",
      'save',
      'and',
      'invest',
      'more',
      '.',
    ]);
    expect(ptbTokenize("hi, my name can't hello,")).toEqual([
      'hi',
      ',',
      'my',
      'name',
      'ca',
      "n't",
      'hello',
      ',',
    ]);
    expect(ptbTokenize("I'm sure it's John's, we've won, cannot lose")).toEqual([
      'I',
      "'m",
      'sure',
      'it',
      "'s",
      'John',
      "'s",
      ',',
      'we',
      "'ve",
      'won',
      ',',
      'can',
      'not',
      'lose',
    ]);
  });

  it('converts double quotes and splits brackets', () => {
    expect(ptbTokenize('"Stop (now)!" he said -- twice.')).toEqual([
      '``',
      'Stop',
      '(',
      'now',
      ')',
      '!',
      "''",
      'he',
      'said',
      '--',
      'twice',
      '.',
    ]);
    expect(ptbTokenize('"Hi" (x)', { convertQuotes: false })).toEqual(['"', 'Hi', '"', '(', 'x', ')']);
  });

  it('keeps numbers with separators and splits ellipses', () => {
    expect(ptbTokenize('It cost 1,000 dollars... or 3:30 pm; maybe.')).toEqual([
      'It',
      'cost',
      '1,000',
      'dollars',
      '...',
      'or',
      '3:30',
      'pm',
      ';',
      'maybe',
      '.',
    ]);
  });

  it('treats the curly apostrophe as a straight one', () => {
    expect(ptbTokenize('don’t')).toEqual(['do', "n't"]);
  });
});
