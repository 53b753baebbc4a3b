import { describe, expect, it } from 'vitest';
import { applyEdits, sortEdits } from './apply-edits.ts';
import { type Edit, EditConflictError } from './types.ts';

const edit = (start: number, end: number, original: string, replacement: string): Edit => ({
  start,
  end,
  original,
  replacement,
  category: 'other',
});

function conflictOf(fn: () => unknown): EditConflictError {
  try {
    fn();
  } catch (error) {
    if (error instanceof EditConflictError) return error;
    throw error;
  }
  throw new Error('expected an EditConflictError');
}

describe('applyEdits', () => {
  it('applies edits given in any order', () => {
    const text = 'I has a apple';
    const edits = [edit(8, 13, 'apple', 'apple.'), edit(2, 5, 'has', 'have'), edit(6, 7, 'a', 'an')];
    expect(applyEdits(text, edits)).toBe('I have an apple.');
  });

  it('puts an insertion before a replacement starting at the same offset', () => {
    expect(applyEdits('ab', [edit(0, 1, 'a', 'A'), edit(0, 0, '', '>')])).toBe('>Ab');
  });

  it('throws a typed mismatch error when the text changed under the edit', () => {
    const error = conflictOf(() => applyEdits('hello world', [edit(0, 5, 'hallo', 'hi')]));
    expect(error.reason).toBe('mismatch');
    expect(error.name).toBe('EditConflictError');
    expect(error.edit.original).toBe('hallo');
  });

  it('throws on overlapping edits', () => {
    const error = conflictOf(() => applyEdits('abcdef', [edit(0, 3, 'abc', 'x'), edit(2, 4, 'cd', 'y')]));
    expect(error.reason).toBe('overlap');
    expect(error.other?.start).toBe(0);
  });

  it('throws on two insertions at the same offset (ambiguous order)', () => {
    expect(conflictOf(() => applyEdits('ab', [edit(1, 1, '', 'x'), edit(1, 1, '', 'y')])).reason).toBe(
      'overlap',
    );
  });

  it('throws on out-of-range edits', () => {
    expect(conflictOf(() => applyEdits('ab', [edit(1, 5, 'b', '')])).reason).toBe('out-of-range');
    expect(conflictOf(() => applyEdits('ab', [edit(2, 1, '', '')])).reason).toBe('out-of-range');
  });

  it('sorts stably without mutating its input', () => {
    const input = [edit(3, 4, 'd', 'D'), edit(0, 1, 'a', 'A')];
    const sorted = sortEdits(input);
    expect(sorted.map((e) => e.start)).toEqual([0, 3]);
    expect(input[0]?.start).toBe(3);
  });
});
