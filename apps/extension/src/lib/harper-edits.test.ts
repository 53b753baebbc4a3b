import { describe, expect, it } from 'vitest';
import { codePointToUtf16, lintCategory, lintsToEdits, type PlainLint } from './harper-edits.ts';

const lint = (p: Partial<PlainLint>): PlainLint => ({
  start: 0,
  end: 0,
  kind: 'Spelling',
  message: 'msg',
  suggestions: [],
  ...p,
});

describe('lintsToEdits', () => {
  it('turns replace, remove and insert-after suggestions into edits with messages', () => {
    const text = 'Teh the cat sat';
    const edits = lintsToEdits(text, [
      lint({ start: 0, end: 3, suggestions: [{ kind: 'replace', text: 'The' }] }),
      lint({ start: 3, end: 7, kind: 'Repetition', suggestions: [{ kind: 'remove', text: '' }] }),
      lint({ start: 15, end: 15, kind: 'Punctuation', suggestions: [{ kind: 'insert-after', text: '.' }] }),
    ]);
    expect(edits).toEqual([
      { start: 0, end: 3, original: 'Teh', replacement: 'The', category: 'spelling', message: 'msg' },
      { start: 3, end: 7, original: ' the', replacement: '', category: 'grammar', message: 'msg' },
      { start: 15, end: 15, original: '', replacement: '.', category: 'punctuation', message: 'msg' },
    ]);
  });

  it('skips lints without suggestions and overlapping lints', () => {
    const edits = lintsToEdits('abc def', [
      lint({ start: 0, end: 3 }),
      lint({ start: 0, end: 7, suggestions: [{ kind: 'replace', text: 'x' }] }),
      lint({ start: 4, end: 7, suggestions: [{ kind: 'replace', text: 'y' }] }),
    ]);
    expect(edits.map((e) => e.original)).toEqual(['abc def']);
  });

  it('converts Harper char offsets to UTF-16 after astral characters', () => {
    const text = '😀 teh';
    expect(codePointToUtf16(text)(2)).toBe(3);
    const [e] = lintsToEdits(text, [
      lint({ start: 2, end: 5, suggestions: [{ kind: 'replace', text: 'the' }] }),
    ]);
    expect(e?.original).toBe('teh');
  });

  it('maps lint kinds to categories, unknown kinds to other', () => {
    expect(lintCategory('Typo')).toBe('spelling');
    expect(lintCategory('Agreement')).toBe('grammar');
    expect(lintCategory('SomethingNew')).toBe('other');
  });
});
