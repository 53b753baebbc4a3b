import { describe, expect, it } from 'vitest';
import { chatBody, maxTokensFor } from './prompts.ts';

describe('calibration request shape', () => {
  it('spreads a max_tokens range evenly over the requests', () => {
    const counts = new Map<number, number>();
    for (let i = 0; i < 21 * 10; i++) {
      const n = maxTokensFor({ min: 40, max: 60 }, i);
      counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 21 }, (_, k) => 40 + k));
    expect(new Set(counts.values())).toEqual(new Set([10]));
  });

  it('sends a fixed max_tokens as given', () => {
    expect(JSON.parse(chatBody('m', 3, 50)).max_tokens).toBe(50);
    expect(JSON.parse(chatBody('m', 3, { min: 40, max: 60 })).max_tokens).toBe(
      maxTokensFor({ min: 40, max: 60 }, 3),
    );
  });
});
