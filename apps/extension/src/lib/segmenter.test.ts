import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SEGMENT_CHARS, type segmentParagraph, segmentText, splitParagraphs } from './segmenter.ts';

const texts = (text: string) => segmentText(text).map((s) => s.text);

describe('segmentText', () => {
  it('splits sentences within a paragraph and keeps absolute offsets', () => {
    const text = 'First one here. Second one? Third!  Fourth';
    const segs = segmentText(text);
    expect(segs.map((s) => s.text)).toEqual(['First one here.', 'Second one?', 'Third!', 'Fourth']);
    for (const s of segs) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('starts a new segment at each line (paragraph) and skips blank lines', () => {
    expect(texts('Line one has no stop\n\nLine two. Ends here.\n')).toEqual([
      'Line one has no stop',
      'Line two.',
      'Ends here.',
    ]);
  });

  it('does not split after abbreviations, initials, decimals or inside quotes', () => {
    expect(texts('Dr. Smith met J. R. Tolkien at 3.15 p.m. today. Then left.')).toEqual([
      'Dr. Smith met J. R. Tolkien at 3.15 p.m. today.',
      'Then left.',
    ]);
    expect(texts('He said "Stop." She did. E.g. this one stays.')).toEqual([
      'He said "Stop."',
      'She did.',
      'E.g. this one stays.',
    ]);
  });

  it('keeps runs of terminal punctuation with their sentence', () => {
    expect(texts('Really?! Yes... Fine.')).toEqual(['Really?!', 'Yes...', 'Fine.']);
  });

  it('cuts over-long sentences at spaces below the gateway limit', () => {
    const long = Array.from({ length: 900 }, (_, i) => `word${i}`).join(' ');
    const segs = segmentText(long);
    expect(segs.length).toBeGreaterThan(1);
    for (const s of segs) {
      expect(s.text.length).toBeLessThanOrEqual(MAX_SEGMENT_CHARS);
      expect(long.slice(s.start, s.end)).toBe(s.text);
    }
    expect(segs.map((s) => s.text).join(' ')).toBe(long);
  });

  it('memoises paragraphs: an unchanged paragraph is not re-scanned', () => {
    const cache = new Map<string, ReturnType<typeof segmentParagraph>>();
    segmentText('Alpha beta. Gamma.\nDelta epsilon.', cache);
    expect(cache.size).toBe(2);
    const before = cache.get('Alpha beta. Gamma.');
    segmentText('Alpha beta. Gamma.\nDelta epsilon!', cache);
    expect(cache.get('Alpha beta. Gamma.')).toBe(before);
    expect(cache.has('Delta epsilon!')).toBe(true);
  });

  it('property: segments are ordered, disjoint, trimmed and equal to their slice of the text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'B', ' ', '.', '?', '\n', '"', 'é', '😀'), maxLength: 200 }),
        (text) => {
          let last = 0;
          for (const s of segmentText(text)) {
            expect(s.start).toBeGreaterThanOrEqual(last);
            expect(s.end).toBeGreaterThan(s.start);
            expect(text.slice(s.start, s.end)).toBe(s.text);
            expect(s.text).toBe(s.text.trim());
            expect(s.text.includes('\n')).toBe(false);
            last = s.end;
          }
        },
      ),
    );
  });
});

describe('splitParagraphs', () => {
  it('returns every line with its offset', () => {
    expect(splitParagraphs('a\nbc\n')).toEqual([
      { start: 0, text: 'a' },
      { start: 2, text: 'bc' },
      { start: 5, text: '' },
    ]);
  });
});
