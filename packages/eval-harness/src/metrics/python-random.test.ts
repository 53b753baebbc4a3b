import { describe, expect, it } from 'vitest';
import { PythonRandom } from './python-random.ts';

// Reference values printed by CPython (random.seed(n); random.random(); ...), identical in 2.7 and 3.x.
describe('PythonRandom (MT19937 as CPython seeds and draws it)', () => {
  it('random.seed(1) → 0.13436424411240122, 0.8474337369372327', () => {
    const r = new PythonRandom(1);
    expect(r.random()).toBe(0.13436424411240122);
    expect(r.random()).toBe(0.8474337369372327);
  });
  it('random.seed(0) and seed(101) streams', () => {
    expect(new PythonRandom(0).random()).toBe(0.8444218515250481);
    const r = new PythonRandom(101);
    expect(r.random()).toBe(0.5811521325045647);
    expect(r.random()).toBe(0.1947544955341367);
  });
  it('seeds wider than 32 bits use every word (init_by_array)', () => {
    const r = new PythonRandom(2 ** 40 + 7);
    expect(r.random()).toBe(0.6137037779936511);
    expect(new PythonRandom(7).random()).not.toBe(0.6137037779936511);
  });
  it('getrandbits(32) after two draws from seed(1) is 3280387012', () => {
    const r = new PythonRandom(1);
    r.random();
    r.random();
    expect(r.nextUint32()).toBe(3280387012);
  });
  it('randint2 is a + int(random() * width): reseeding replays the same picks', () => {
    const a = new PythonRandom(505);
    const picks = Array.from({ length: 50 }, () => a.randint2(0, 3));
    expect(new Set(picks).size).toBe(4);
    const b = new PythonRandom(505);
    expect(Array.from({ length: 50 }, () => Math.floor(b.random() * 4))).toEqual(picks);
  });
});
