import type { Edit } from '@redline/edits';
import { describe, expect, it } from 'vitest';
import { AgreementTally, compareEdits } from './shadow-agreement.ts';

const text = 'She dont like their dog.';
const dont: Edit = { start: 4, end: 8, original: 'dont', replacement: "doesn't", category: 'grammar' };
const their: Edit = { start: 14, end: 19, original: 'their', replacement: 'the', category: 'word-choice' };

describe('shadow agreement', () => {
  it('identical edits: exact text match, every edit shared', () => {
    expect(compareEdits(text, [dont], [dont])).toEqual({
      exactText: true,
      shared: 1,
      candidateEdits: 1,
      servingEdits: 1,
    });
  });

  it('a missing and an extra edit count against precision and recall', () => {
    const tally = new AgreementTally();
    tally.add(compareEdits(text, [dont], [dont, their]));
    tally.add(compareEdits(text, [dont], []));
    tally.add(compareEdits(text, [], []));
    const summary = tally.summary();
    expect(summary.compared).toBe(3);
    expect(summary.exactMatchRate).toBeCloseTo(1 / 3, 4);
    expect(summary.edits.precision).toBeCloseTo(0.5, 4); // 1 shared of 2 proposed
    expect(summary.edits.recall).toBeCloseTo(0.5, 4); // 1 shared of 2 expected
  });

  it('has no rates before anything was compared', () => {
    expect(new AgreementTally().summary()).toEqual({
      compared: 0,
      exactMatchRate: null,
      edits: { precision: null, recall: null, f1: null },
    });
  });
});
