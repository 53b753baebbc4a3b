import { describe, expect, it } from 'vitest';
import { loadM2Gold } from './m2-gold.ts';
import { scoreM2 } from './m2-scorer.ts';
import { alignTokens, applyGold, referenceGold, tokenizeForM2, toM2Block } from './token-edits.ts';

describe('hypothesis edits from raw text', () => {
  it('tokenises the Penn Treebank way and merges adjacent changes into one edit', () => {
    const src = tokenizeForM2('Their going too the store, i think.');
    const hyp = tokenizeForM2("They're going to the store, I think.");
    expect(src).toEqual(['Their', 'going', 'too', 'the', 'store', ',', 'i', 'think', '.']);
    expect(alignTokens(src, hyp)).toEqual([
      { start: 0, end: 1, original: 'Their', correction: "They 're" },
      { start: 2, end: 3, original: 'too', correction: 'to' },
      { start: 6, end: 7, original: 'i', correction: 'I' },
    ]);
  });
  it('writes M2 blocks m2scorer can read back, noop for unchanged sentences', () => {
    const src = tokenizeForM2('He go home.');
    const block = toM2Block(src, alignTokens(src, tokenizeForM2('He goes home.')));
    expect(block.split('\n')[1]).toMatch(/^A 1 2\|\|\|[a-z-]+\|\|\|goes\|\|\|REQUIRED\|\|\|-NONE-\|\|\|0$/);
    const gold = loadM2Gold(block);
    expect(scoreM2(['He goes home .'], gold).f).toBe(1);
    expect(toM2Block(src, [])).toContain('A -1 -1|||noop|||-NONE-');
  });
  it('deletions and insertions become -NONE- / empty-span edits; applyGold inverts them', () => {
    const src = 'I went to home early'.split(' ');
    const ref = 'I went home very early'.split(' ');
    const gold = referenceGold(src, ref);
    expect(gold).toEqual([
      { start: 2, end: 3, original: 'to', corrections: [''] },
      { start: 4, end: 4, original: '', corrections: ['very'] },
    ]);
    expect(applyGold(src, gold)).toEqual(ref);
    expect(toM2Block(src, alignTokens(src, ref))).toContain('A 2 3|||');
  });
});
