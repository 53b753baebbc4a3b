import { describe, expect, it } from 'vitest';
import { countPicks, fixture, pickHandle } from '../../../test/helpers.ts';

describe('round-robin', () => {
  it('visits every endpoint once per cycle', () => {
    const { router } = fixture('round-robin', 5);
    const first = Array.from({ length: 5 }, () => pickHandle(router).endpoint.id);
    const second = Array.from({ length: 5 }, () => pickHandle(router).endpoint.id);
    expect(new Set(first).size).toBe(5);
    expect(second).toEqual(first);
  });

  it('ignores load: a busy endpoint keeps its exact share', () => {
    const { router } = fixture('round-robin', 4);
    const counts = countPicks(router, 400, false); // nothing finishes: in-flight grows everywhere
    expect([...counts.values()]).toEqual([100, 100, 100, 100]);
  });

  it('skips excluded ids', () => {
    const { router } = fixture('round-robin', 3);
    for (let i = 0; i < 10; i++) {
      expect(pickHandle(router, { exclude: new Set(['p1']) }).endpoint.id).not.toBe('p1');
    }
  });
});
