import { describe, expect, it } from 'vitest';
import { pyFloatRepr, pyFormatFixed, pyRound, pySplitlines, pyUnicodeSplit } from './python-compat.ts';

describe('pyFormatFixed (Python %.Nf)', () => {
  it('rounds exact binary ties to even where toFixed rounds up', () => {
    expect(pyFormatFixed(0.03125, 4)).toBe('0.0312');
    expect((0.03125).toFixed(4)).toBe('0.0313');
    expect(pyFormatFixed(0.09375, 4)).toBe('0.0938');
    expect(pyFormatFixed(2.5, 0)).toBe('2');
    expect(pyFormatFixed(3.5, 0)).toBe('4');
  });
  it('rounds non-ties by the exact binary value', () => {
    // 0.1234500000000000042 in binary: just above the tie
    expect(pyFormatFixed(0.12345, 4)).toBe('0.1235');
    expect(pyFormatFixed(1, 4)).toBe('1.0000');
    expect(pyFormatFixed(0, 4)).toBe('0.0000');
    expect(pyFormatFixed(-0.5, 1)).toBe('-0.5');
    expect(pyFormatFixed(0.5412758210486642, 6)).toBe('0.541276');
  });
  it('round() and repr() follow Python', () => {
    expect(pyRound(0.62355, 4)).toBe(0.6236); // 0.62355000000000004867 in binary
    expect(pyRound(0.03125, 4)).toBe(0.0312);
    expect(pyFloatRepr(1)).toBe('1.0');
    expect(pyFloatRepr(0.5)).toBe('0.5');
    expect(pyFloatRepr(0.6235)).toBe('0.6235');
  });
});

describe('Python whitespace and line semantics', () => {
  it('splits on Python 2 unicode whitespace (NBSP, U+1680) but not on BOM', () => {
    expect(pyUnicodeSplit(' a\u00a0b\u1680c\ufeffd\t')).toEqual(['a', 'b', 'c\ufeffd']);
  });
  it('splitlines breaks on \\r\\n, \\r and U+2028 and keeps ends on request', () => {
    expect(pySplitlines('a\r\nb\rc\u2028d', false)).toEqual(['a', 'b', 'c', 'd']);
    expect(pySplitlines('a\n\nb', true)).toEqual(['a\n', '\n', 'b']);
  });
});
