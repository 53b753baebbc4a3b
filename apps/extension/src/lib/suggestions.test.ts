import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  detectChange,
  detectChangeAt,
  ignoreHash,
  isWordChar,
  type Suggestion,
  shiftSuggestions,
  suggestionAt,
} from './suggestions.ts';

const sug = (text: string, word: string, replacement = 'X'): Suggestion => {
  const start = text.indexOf(word);
  return {
    start,
    end: start + word.length,
    original: word,
    replacement,
    category: 'spelling',
    key: `${word}`,
    segmentId: 's',
    model: 'm',
  };
};

describe('detectChange', () => {
  it('finds the single changed region of a keystroke, paste or deletion', () => {
    expect(detectChange('abc', 'abc')).toBeNull();
    expect(detectChange('abc', 'abXc')).toEqual({ start: 2, oldEnd: 2, newEnd: 3, inserted: 'X' });
    expect(detectChange('abXc', 'abc')).toEqual({ start: 2, oldEnd: 3, newEnd: 2, inserted: '' });
    expect(detectChange('hello world', 'hello there world')).toMatchObject({
      start: 6,
      oldEnd: 6,
      newEnd: 12,
    });
  });

  it('property: before with the region replaced gives after', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (a, b) => {
        const d = detectChange(a, b);
        if (d === null) {
          expect(a).toBe(b);
          return;
        }
        expect(a.slice(0, d.start) + b.slice(d.start, d.newEnd) + a.slice(d.oldEnd)).toBe(b);
      }),
    );
  });
});

describe('detectChangeAt (caret hint)', () => {
  it('places a typed, deleted or pasted run at the caret', () => {
    // Ambiguous for a plain scan ("aa" → "aaa"): the caret says where the key went.
    expect(detectChangeAt('aa', 'aaa', 1)).toEqual({ start: 0, oldEnd: 0, newEnd: 1, inserted: 'a' });
    expect(detectChangeAt('abc', 'abXc', 3)).toEqual({ start: 2, oldEnd: 2, newEnd: 3, inserted: 'X' });
    // Backspace (caret after the gap) and Delete (caret before it) both end at the caret.
    expect(detectChangeAt('abXc', 'abc', 2)).toEqual({ start: 2, oldEnd: 3, newEnd: 2, inserted: '' });
    expect(detectChangeAt('hello world', 'hello there world', 12)).toMatchObject({
      start: 6,
      oldEnd: 6,
      newEnd: 12,
    });
  });

  it('falls back to the full scan when the caret is not at the change', () => {
    expect(detectChangeAt('abc', 'abXc', 0)).toEqual(detectChange('abc', 'abXc'));
    expect(detectChangeAt('abc', 'abXc', null)).toEqual(detectChange('abc', 'abXc'));
    expect(detectChangeAt('abc', 'abc', 1)).toBeNull();
  });

  it('property: whatever the caret, before with the region replaced gives after', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        fc.string({ maxLength: 30 }),
        fc.integer({ min: -2, max: 40 }),
        (a, b, caret) => {
          const d = detectChangeAt(a, b, caret);
          if (d === null) {
            expect(a).toBe(b);
            return;
          }
          expect(d.start).toBeLessThanOrEqual(Math.min(d.oldEnd, d.newEnd));
          expect(a.slice(0, d.start) + d.inserted + a.slice(d.oldEnd)).toBe(b);
        },
      ),
    );
  });

  it('property: an insertion at the caret is reported where it was typed', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        fc.string({ minLength: 1, maxLength: 5 }),
        fc.nat(),
        (a, ins, at) => {
          const i = at % (a.length + 1);
          const b = a.slice(0, i) + ins + a.slice(i);
          expect(detectChangeAt(a, b, i + ins.length)).toEqual({
            start: i,
            oldEnd: i,
            newEnd: i + ins.length,
            inserted: ins,
          });
        },
      ),
    );
  });
});

describe('isWordChar', () => {
  it('agrees with the Unicode word-character class, ASCII fast path included', () => {
    const WORD = /[\p{L}\p{N}'’_-]/u;
    for (let code = 0; code < 0x3000; code++) {
      const c = String.fromCharCode(code);
      expect(isWordChar(c), `U+${code.toString(16)}`).toBe(WORD.test(c));
    }
  });
});

describe('shiftSuggestions', () => {
  const text = 'Teh cat sat on teh mat';
  const list = [sug(text, 'Teh'), sug(text, 'sat'), { ...sug(text, 'teh'), start: 15, end: 18, key: 'teh2' }];

  it('keeps suggestions before the edit, shifts those after, drops those it touches', () => {
    const after = 'Teh cat quietly sat on teh mat';
    const delta = detectChange(text, after)!;
    const shifted = shiftSuggestions(list, delta);
    expect(shifted.map((s) => after.slice(s.start, s.end))).toEqual(['Teh', 'sat', 'teh']);

    const typedOnWord = 'Teh cat sats on teh mat';
    const d2 = detectChange(text, typedOnWord)!;
    expect(shiftSuggestions(list, d2).map((s) => s.original)).toEqual(['Teh', 'teh']);

    const commaAfter = 'Teh, cat sat on teh mat';
    expect(
      shiftSuggestions(list, detectChange(text, commaAfter)!).map((s) => commaAfter.slice(s.start, s.end)),
    ).toEqual(['Teh', 'sat', 'teh']);
    const letterBefore = 'Teh cat xsat on teh mat';
    expect(shiftSuggestions(list, detectChange(text, letterBefore)!).map((s) => s.original)).toEqual([
      'Teh',
      'teh',
    ]);
  });
});

describe('suggestionAt / ignoreHash', () => {
  it('finds the suggestion at a caret, including its edges', () => {
    const text = 'Teh cat';
    const list = [sug(text, 'Teh')];
    expect(suggestionAt(list, 0)?.original).toBe('Teh');
    expect(suggestionAt(list, 3)?.original).toBe('Teh');
    expect(suggestionAt(list, 5)).toBeUndefined();
  });

  it('hashes ignored suggestions by original, replacement and category, not by position', () => {
    const a = { original: 'teh', replacement: 'the', category: 'spelling' as const };
    expect(ignoreHash(a)).toBe(ignoreHash({ ...a }));
    expect(ignoreHash(a)).not.toBe(ignoreHash({ ...a, replacement: 'ten' }));
    expect(ignoreHash(a)).not.toContain('teh');
  });
});
