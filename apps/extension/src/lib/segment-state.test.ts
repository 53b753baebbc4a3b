import { describe, expect, it } from 'vitest';
import { hashId } from './hash.ts';
import { SegmentState } from './segment-state.ts';
import { placeSuggestions } from './suggestions.ts';

const edit = (text: string, word: string, replacement: string) => {
  const start = text.indexOf(word);
  return { start, end: start + word.length, original: word, replacement, category: 'spelling' as const };
};

describe('SegmentState', () => {
  it('sends only sentences whose text changed since they were checked', () => {
    const state = new SegmentState();
    state.update('One sentense here. Two is fine.\nThird line.');
    const first = state.unchecked();
    expect(first.map((s) => s.text)).toEqual(['One sentense here.', 'Two is fine.', 'Third line.']);
    state.markInFlight(
      first.map((s) => s.id),
      1,
    );
    for (const s of first) state.receive(s.id, { edits: [], model: 'm' }, s);

    state.update('One sentense here. Two is fine!\nThird line.');
    expect(state.unchecked().map((s) => s.text)).toEqual(['Two is fine!']);
  });

  it('does not resend a sentence that is in flight, and ids are content hashes', () => {
    const state = new SegmentState();
    state.update('Same text. Same text.');
    const pending = state.unchecked();
    expect(pending).toHaveLength(1); // duplicates are sent once
    expect(pending[0]?.id).toBe(hashId('Same text.'));
    state.markInFlight([pending[0]!.id], 7);
    expect(state.unchecked()).toHaveLength(0);
    state.releaseRequest(7);
    expect(state.unchecked()).toHaveLength(1);
  });

  it('knows when a request is obsolete (none of its sentences remain)', () => {
    const state = new SegmentState();
    state.update('Alpha one.');
    const [a] = state.unchecked();
    state.markInFlight([a!.id], 1);
    expect(state.isObsolete(1)).toBe(false);
    state.update('Alpha one two.');
    expect(state.isObsolete(1)).toBe(true);
  });

  it('places results at the sentence’s current offset after text before it changed', () => {
    const state = new SegmentState();
    const text1 = 'Hello. I has a cat.';
    state.update(text1);
    const seg = state.unchecked().find((s) => s.text === 'I has a cat.')!;
    state.receive(seg.id, { edits: [edit(seg.text, 'has', 'have')], model: 'm' }, seg);
    const text2 = 'Hello there, friend. I has a cat.';
    state.update(text2);
    const placed = placeSuggestions(state.segments, state.resultOf, () => true);
    expect(placed).toHaveLength(1);
    expect(text2.slice(placed[0]!.start, placed[0]!.end)).toBe('has');
  });

  it('rebases a late result onto the sentence the user kept typing in, or drops it', () => {
    const state = new SegmentState();
    state.update('I has a cat');
    const [sent] = state.unchecked();
    state.markInFlight([sent!.id], 1);
    // More typing before the answer: the sentence is now different.
    state.update('I has a cat and a dog');
    state.receive(sent!.id, { edits: [edit('I has a cat', 'has', 'have')], model: 'm' }, sent!);
    const placed = placeSuggestions(state.segments, state.resultOf, () => true);
    expect(placed.map((p) => [p.start, p.original, p.replacement])).toEqual([[2, 'has', 'have']]);

    // The word itself was retyped: the stale edit is dropped, never drawn on other text.
    const other = new SegmentState();
    other.update('I has a cat');
    const [s2] = other.unchecked();
    other.update('I had a cat');
    other.receive(s2!.id, { edits: [edit('I has a cat', 'has', 'have')], model: 'm' }, s2!);
    expect(placeSuggestions(other.segments, other.resultOf, () => true)).toEqual([]);
  });
});
