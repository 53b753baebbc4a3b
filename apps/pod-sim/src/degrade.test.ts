import { describe, expect, it } from 'vitest';
import { injectError } from './degrade.ts';
import { hashText, seededRandom } from './seeded-random.ts';

const rng = (text: string) => seededRandom(hashText(text));

describe('injectError', () => {
  it('is deterministic for the same text and seed', () => {
    const text = 'They left their bags over there because it was late.';
    expect(injectError(text, rng(text))).toBe(injectError(text, rng(text)));
  });

  it('always changes a text that has words, using a known confusion when one applies', () => {
    const texts = [
      'They left their bags.',
      'Your idea is good.',
      'The cat sat on a mat.',
      'Quickly, quietly, carefully.',
      'Bigger than life.',
    ];
    for (const t of texts) {
      const out = injectError(t, rng(t));
      expect(out).not.toBe(t);
    }
    expect(injectError('They left their bags.', () => 0)).toBe('They left there bags.');
    expect(injectError('Your idea is good.', () => 0)).toBe("You're idea is good.");
  });

  it('leaves text without words unchanged', () => {
    expect(injectError('42 — !!', () => 0.5)).toBe('42 — !!');
  });
});

describe('seededRandom', () => {
  it('yields reproducible values in [0, 1)', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    for (let i = 0; i < 100; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});
