import { describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey } from './repositories/api-keys.ts';

describe('generateApiKey', () => {
  it("is 'rl_' + 32 base62 characters and never repeats", () => {
    const keys = new Set(Array.from({ length: 500 }, () => generateApiKey()));
    expect(keys.size).toBe(500);
    for (const key of keys) expect(key).toMatch(/^rl_[0-9A-Za-z]{32}$/);
  });

  it('rejects biased bytes instead of folding them with a modulo', () => {
    // Bytes ≥ 248 would make the first 8 characters more likely; they must be skipped.
    let call = 0;
    const key = generateApiKey((n) => {
      call++;
      return new Uint8Array(n).fill(call === 1 ? 255 : 0);
    });
    expect(call).toBe(2);
    expect(key).toBe(`rl_${'0'.repeat(32)}`);
  });

  it('hashes with SHA-256 (hex)', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
