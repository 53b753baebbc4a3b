import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdits } from './apply-edits.ts';
import { diffEdits } from './diff-edits.ts';
import { tokenize } from './tokenize.ts';
import type { Edit } from './types.ts';

const strip = (edits: Edit[]) =>
  edits.map(({ start, end, original, replacement }) => ({ start, end, original, replacement }));

function expectWellFormed(original: string, edits: Edit[]): void {
  for (let i = 0; i < edits.length; i++) {
    const e = edits[i] as Edit;
    expect(e.start).toBeLessThanOrEqual(e.end);
    expect(original.slice(e.start, e.end)).toBe(e.original);
    expect(e.original).not.toBe(e.replacement);
    const next = edits[i + 1];
    // Sorted and strictly separated: touching edits would have been merged into one.
    if (next !== undefined) expect(next.start).toBeGreaterThan(e.end);
  }
}

describe('diffEdits', () => {
  it('returns no edits for identical text', () => {
    expect(diffEdits('Same text.', 'Same text.')).toEqual([]);
  });

  it('replaces only the misspelt word', () => {
    expect(strip(diffEdits('See you tomorow!', 'See you tomorrow!'))).toEqual([
      { start: 8, end: 15, original: 'tomorow', replacement: 'tomorrow' },
    ]);
  });

  it('produces separate edits for changes separated by unchanged tokens', () => {
    const edits = diffEdits('He have went home', 'He has gone home');
    expect(strip(edits)).toEqual([
      { start: 3, end: 7, original: 'have', replacement: 'has' },
      { start: 8, end: 12, original: 'went', replacement: 'gone' },
    ]);
  });

  it('merges adjacent changed tokens into one edit', () => {
    const edits = diffEdits('I seen it.', 'I saw it!');
    expect(strip(edits)).toEqual([
      { start: 2, end: 6, original: 'seen', replacement: 'saw' },
      { start: 9, end: 10, original: '.', replacement: '!' },
    ]);
    expect(strip(diffEdits('alot of', 'a lot of'))).toEqual([
      { start: 0, end: 4, original: 'alot', replacement: 'a lot' },
    ]);
  });

  it('attaches the separating space to an inserted or deleted word', () => {
    expect(strip(diffEdits('I went to store', 'I went to the store'))).toEqual([
      { start: 9, end: 9, original: '', replacement: ' the' },
    ]);
    expect(strip(diffEdits('to the the store', 'to the store'))).toEqual([
      { start: 6, end: 10, original: ' the', replacement: '' },
    ]);
    expect(strip(diffEdits('Well I think', 'I think'))).toEqual([
      { start: 0, end: 5, original: 'Well ', replacement: '' },
    ]);
  });

  it('uses UTF-16 offsets around emoji and accented text', () => {
    const original = '😀 Le café est tres bon 👍🏽 ok';
    const corrected = '😀 Le café est très bon 👍🏽 OK';
    const edits = diffEdits(original, corrected);
    expect(strip(edits)).toEqual([
      { start: 15, end: 19, original: 'tres', replacement: 'très' },
      { start: 29, end: 31, original: 'ok', replacement: 'OK' },
    ]);
    expect(edits[1]?.category).toBe('capitalization');
  });

  it('categorises each edit', () => {
    const edits = diffEdits('Their going tomorow, it is big', "They're going tomorrow it is large");
    expect(edits.map((e) => [e.original, e.replacement, e.category])).toEqual([
      ['Their', "They're", 'grammar'],
      ['tomorow,', 'tomorrow', 'spelling'],
      ['big', 'large', 'word-choice'],
    ]);
  });

  it('handles edits at the very start and end', () => {
    expect(applyEdits('abc', diffEdits('abc', 'xabcx'))).toBe('xabcx');
    expect(diffEdits('', 'new text')).toEqual([
      { start: 0, end: 0, original: '', replacement: 'new text', category: 'other' },
    ]);
    expect(strip(diffEdits('old text', ''))).toEqual([
      { start: 0, end: 8, original: 'old text', replacement: '' },
    ]);
  });
});

const words = fc.constantFrom(
  'the',
  'a',
  'cat',
  'dog',
  'went',
  'go',
  'their',
  "they're",
  'café',
  '😀',
  '👍🏽',
  ',',
  '.',
  ' ',
  '  ',
  '\n',
  'tomorow',
  'tomorrow',
  '3.14',
  'é',
);
const wordText = fc.array(words, { maxLength: 30 }).map((w) => w.join(''));
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  wordText,
);

describe('diffEdits properties', () => {
  it('applyEdits(o, diffEdits(o, c)) === c for arbitrary strings', () => {
    fc.assert(
      fc.property(anyText, anyText, (o, c) => {
        const edits = diffEdits(o, c);
        expectWellFormed(o, edits);
        expect(applyEdits(o, edits)).toBe(c);
      }),
      { numRuns: 1500 },
    );
  });

  it('round-trips a text against small mutations of itself', () => {
    const mutated = wordText.chain((o) =>
      fc.tuple(
        fc.constant(o),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 4 }), words), { maxLength: 4 }).map((ops) => {
          let c = o;
          for (const [at, del, ins] of ops) {
            const p = c.length === 0 ? 0 : at % c.length;
            c = c.slice(0, p) + ins + c.slice(p + del);
          }
          return c;
        }),
      ),
    );
    fc.assert(
      fc.property(mutated, ([o, c]) => {
        const edits = diffEdits(o, c);
        expectWellFormed(o, edits);
        expect(applyEdits(o, edits)).toBe(c);
      }),
      { numRuns: 1000 },
    );
  });

  it('never cuts through a surrogate pair', () => {
    const isLow = (s: string, i: number) =>
      i > 0 &&
      i < s.length &&
      /[\uDC00-\uDFFF]/.test(s[i] as string) &&
      /[\uD800-\uDBFF]/.test(s[i - 1] as string);
    const emojiText = fc
      .array(fc.constantFrom('😀', '👍🏽', '🇫🇷', 'a', ' ', 'é', '𝒳', '.'), { maxLength: 30 })
      .map((x) => x.join(''));
    fc.assert(
      fc.property(emojiText, emojiText, (o, c) => {
        for (const e of diffEdits(o, c)) {
          expect(isLow(o, e.start)).toBe(false);
          expect(isLow(o, e.end)).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never puts an unchanged token inside an edit when tokens are unique', () => {
    // With distinct tokens the LCS is unique, so every token kept in both texts must stay outside edits.
    const uniqueWords = fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 15 });
    fc.assert(
      fc.property(uniqueWords, fc.func(fc.boolean()), (ids, keep) => {
        const o = ids.map((i) => `w${i}`).join(' ');
        const kept = ids.filter((i) => keep(i)).map((i) => `w${i}`);
        const c = kept.join(' ');
        const edits = diffEdits(o, c);
        expect(applyEdits(o, edits)).toBe(c);
        for (const t of tokenize(o)) {
          if (t.kind !== 'word' || !kept.includes(t.text)) continue;
          for (const e of edits) expect(t.end <= e.start || t.start >= e.end).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
