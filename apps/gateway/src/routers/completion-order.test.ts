import { describe, expect, it } from 'vitest';
import { inCompletionOrder } from './completion-order.ts';

const after = <T>(ms: number, value: T) => new Promise<T>((r) => setTimeout(() => r(value), ms));

describe('inCompletionOrder', () => {
  it('yields values as their tasks complete, not in input order', async () => {
    const out: string[] = [];
    for await (const v of inCompletionOrder([after(60, 'slow'), after(5, 'fast'), after(30, 'mid')]))
      out.push(v);
    expect(out).toEqual(['fast', 'mid', 'slow']);
  });

  it('throws the first failure after yielding what completed before it', async () => {
    const out: string[] = [];
    const failing = new Promise<string>((_, reject) => setTimeout(() => reject(new Error('boom')), 20));
    const late = new Promise<string>((_, reject) => setTimeout(() => reject(new Error('late')), 40));
    await expect(
      (async () => {
        for await (const v of inCompletionOrder([after(5, 'a'), failing, late, after(60, 'b')])) out.push(v);
      })(),
    ).rejects.toThrow('boom');
    expect(out).toEqual(['a']);
    await after(50, null); // the late rejection must not surface as unhandled
  });
});
