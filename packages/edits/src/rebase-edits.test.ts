import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdits } from './apply-edits.ts';
import { diffEdits } from './diff-edits.ts';
import { mapOffset, rebaseEdit, rebaseEdits, textChanges } from './rebase-edits.ts';
import type { Edit } from './types.ts';

describe('rebaseEdits', () => {
  const before = 'I has a apple and a orange.';
  const corrected = 'I have an apple and an orange.';
  const edits = diffEdits(before, corrected);

  it('shifts edits after text the user typed earlier', () => {
    const after = 'Today I has a apple and a orange.';
    const rebased = rebaseEdits(edits, before, after);
    expect(rebased).toHaveLength(edits.length);
    expect(applyEdits(after, rebased)).toBe('Today I have an apple and an orange.');
  });

  it('drops edits on a word the user retyped, keeps the rest', () => {
    const after = 'I had a apple and a orange.';
    const rebased = rebaseEdits(edits, before, after);
    expect(rebased.map((e) => e.original)).toEqual(['a', 'a']);
    expect(applyEdits(after, rebased)).toBe('I had an apple and an orange.');
  });

  it('drops an edit when the user appends letters to its word', () => {
    const e = diffEdits('see you tomorow', 'see you tomorrow');
    expect(rebaseEdits(e, 'see you tomorow', 'see you tomorowx')).toEqual([]);
    expect(rebaseEdit(e[0] as Edit, 'see you tomorow', 'see you tomorow!')).toEqual(e[0]);
  });

  it('keeps edits unchanged when nothing changed, in sorted order', () => {
    expect(rebaseEdits([...edits].reverse(), before, before)).toEqual(edits);
  });

  it('handles emoji typed before an edit (UTF-16 shift of 2 per emoji)', () => {
    const after = '😀😀 ' + before;
    const rebased = rebaseEdits(edits, before, after);
    expect(rebased[0]?.start).toBe((edits[0]?.start ?? 0) + 5);
    expect(applyEdits(after, rebased)).toBe('😀😀 ' + corrected);
  });
});

describe('textChanges / mapOffset', () => {
  it('reports token-level changed regions in before-coordinates', () => {
    expect(textChanges('the cat sat', 'the dog sat')).toEqual([{ start: 4, end: 7, insertedLength: 3 }]);
    expect(textChanges('a b', 'a b')).toEqual([]);
  });

  it('maps offsets before, after and inside a change', () => {
    const changes = textChanges('one two three', 'one 2222222 three');
    expect(mapOffset(0, changes)).toBe(0);
    expect(mapOffset(4, changes)).toBe(4);
    expect(mapOffset(7, changes)).toBe(11);
    expect(mapOffset(8, changes)).toBe(12);
    expect(mapOffset(5, changes, -1)).toBe(4);
    expect(mapOffset(5, changes, 1)).toBe(11);
  });

  it('maps an offset at an insertion point according to assoc', () => {
    const changes = textChanges('ab cd', 'ab xx cd');
    const at = changes[0]?.start ?? -1;
    expect(mapOffset(at, changes, -1)).toBe(at);
    expect(mapOffset(at, changes, 1)).toBe(at + 3);
  });
});

const vocabulary = ['the', 'a', 'cat', 'dog', 'went', 'go', 'their', 'there', 'big', 'café', '😀', 'tomorow'];
const sentence = fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 14 });

interface Scenario {
  before: string;
  corrected: string;
  after: string;
  /** The user's change as the span of `before` it replaced. */
  userStart: number;
  userEnd: number;
}

const scenario = fc
  .tuple(
    sentence,
    fc.array(fc.tuple(fc.nat(), fc.constantFrom(...vocabulary, '')), { maxLength: 4 }),
    fc.nat(),
    fc.boolean(),
  )
  .map(([words, corrections, pick, insert]): Scenario => {
    const before = words.join(' ');
    const fixed = [...words];
    for (const [i, w] of corrections) fixed[i % fixed.length] = w;
    const corrected = fixed.filter((w) => w !== '').join(' ');
    const k = pick % words.length;
    const wordStart = words.slice(0, k).join(' ').length + (k > 0 ? 1 : 0);
    const wordEnd = wordStart + (words[k] as string).length;
    if (insert) {
      // The user types a new word after word k.
      const after = before.slice(0, wordEnd) + ' ZZZ' + before.slice(wordEnd);
      return { before, corrected, after, userStart: wordEnd, userEnd: wordEnd };
    }
    const after = before.slice(0, wordStart) + 'QQQ' + before.slice(wordEnd);
    return { before, corrected, after, userStart: wordStart, userEnd: wordEnd };
  });

describe('rebaseEdits properties', () => {
  it('keeps and shifts every edit the user change did not touch, and only valid edits survive', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const edits = diffEdits(s.before, s.corrected);
        const rebased = rebaseEdits(edits, s.before, s.after);
        const delta = s.after.length - s.before.length;
        const shift = (e: Edit): Edit =>
          e.start >= s.userEnd ? { ...e, start: e.start + delta, end: e.end + delta } : e;
        const untouched = edits.filter((e) => e.end < s.userStart || e.start > s.userEnd).map(shift);
        const key = (e: Edit) => `${e.start}:${e.end}:${e.original}:${e.replacement}`;
        const rebasedKeys = new Set(rebased.map(key));
        for (const e of untouched) expect(rebasedKeys.has(key(e))).toBe(true);
        // Every survivor is one of the original edits moved by the user's delta, and still applies.
        const candidates = new Set(edits.map((e) => key(shift(e))));
        for (const e of rebased) expect(candidates.has(key(e))).toBe(true);
        const result = applyEdits(s.after, rebased);
        // Applying only the untouched edits gives the same text when nothing else survived.
        if (rebased.length === untouched.length) expect(result).toBe(applyEdits(s.after, untouched));
        for (let i = 1; i < rebased.length; i++) {
          expect((rebased[i] as Edit).start).toBeGreaterThanOrEqual((rebased[i - 1] as Edit).end);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('never returns edits that fail to apply, for arbitrary user changes', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 30 });
    fc.assert(
      fc.property(text, text, text, (before, corrected, after) => {
        const rebased = rebaseEdits(diffEdits(before, corrected), before, after);
        expect(() => applyEdits(after, rebased)).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  });
});
