import { describe, expect, it } from 'vitest';
import { CorrectionCache } from './correction-cache.ts';

const key = (
  text: string,
  extra: Partial<{ model: string; dialect: string; promptVersion: string }> = {},
) => ({
  model: 'm',
  promptVersion: 'v1',
  dialect: 'american',
  text,
  ...extra,
});
const value = (n: number) => ({ edits: [], model: `m${n}` });

describe('CorrectionCache', () => {
  it('hits only on the exact (model, prompt version, dialect, text)', () => {
    const cache = new CorrectionCache();
    cache.set(key('hello'), value(1));
    expect(cache.get(key('hello'))).toEqual(value(1));
    expect(cache.get(key('hello', { model: 'other' }))).toBeUndefined();
    expect(cache.get(key('hello', { dialect: 'british' }))).toBeUndefined();
    expect(cache.get(key('hello', { promptVersion: 'v2' }))).toBeUndefined();
    expect(cache.get(key('hello '))).toBeUndefined();
  });

  it('does not confuse keys whose parts concatenate alike', () => {
    const cache = new CorrectionCache();
    cache.set({ model: 'a', promptVersion: 'b', dialect: 'c', text: 'd' }, value(1));
    expect(cache.get({ model: 'a', promptVersion: 'b', dialect: '', text: 'cd' })).toBeUndefined();
  });

  it('evicts the least recently used entry beyond maxEntries', () => {
    const cache = new CorrectionCache({ maxEntries: 2 });
    cache.set(key('a'), value(1));
    cache.set(key('b'), value(2));
    expect(cache.get(key('a'))).toBeDefined(); // a is now most recent
    cache.set(key('c'), value(3));
    expect(cache.get(key('b'))).toBeUndefined();
    expect(cache.get(key('a'))).toBeDefined();
    expect(cache.get(key('c'))).toBeDefined();
    expect(cache.size).toBe(2);
  });

  it('bounds total characters', () => {
    const cache = new CorrectionCache({ maxChars: 200 });
    for (let i = 0; i < 10; i++) cache.set(key(`${i}`.repeat(40)), value(i));
    expect(cache.size).toBeLessThan(10);
    expect(cache.get(key('9'.repeat(40)))).toBeDefined();
    expect(cache.get(key('0'.repeat(40)))).toBeUndefined();
  });

  it('expires entries after ttlMs', () => {
    let now = 0;
    const cache = new CorrectionCache({ ttlMs: 1000, now: () => now });
    cache.set(key('a'), value(1));
    now = 999;
    expect(cache.get(key('a'))).toBeDefined();
    now = 2500;
    expect(cache.get(key('a'))).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
