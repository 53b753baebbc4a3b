import { describe, expect, it } from 'vitest';
import { EndpointState } from '../state/endpoint-state.ts';
import { mulberry32 } from '../testing.ts';
import { sampleOne } from './sample.ts';

const pool = (n: number) =>
  Array.from({ length: n }, (_, i) => new EndpointState({ id: `p${i}`, url: `http://p${i}` }, 0, false));

describe('sampleOne', () => {
  it('draws uniformly and never returns an excluded endpoint while another exists', () => {
    const list = pool(4);
    const random = mulberry32(3);
    const counts = new Map<string, number>();
    for (let i = 0; i < 4_000; i++) {
      const ep = sampleOne(list, random, new Set(['p0']))!;
      counts.set(ep.id, (counts.get(ep.id) ?? 0) + 1);
    }
    expect(counts.has('p0')).toBe(false);
    for (const id of ['p1', 'p2', 'p3']) expect(counts.get(id)).toBeGreaterThan(1_200);
  });

  it('sends a retry to an endpoint that has answered before, when one is drawn within its attempts', () => {
    const list = pool(10);
    for (const ep of list.slice(5)) ep.answered = true;
    const random = mulberry32(5);
    let toAnswered = 0;
    for (let i = 0; i < 1_000; i++) if (sampleOne(list, random, new Set(['p9']))!.answered) toAnswered++;
    // Half the pool has answered: 6 draws miss all of them 1/64 of the time, and the fallback is uniform.
    expect(toAnswered).toBeGreaterThan(970);
    // A first attempt (nothing excluded) ignores the record: an unknown pod is not a failing one.
    let firstToAnswered = 0;
    for (let i = 0; i < 1_000; i++) if (sampleOne(list, random, undefined)!.answered) firstToAnswered++;
    expect(firstToAnswered).toBeLessThan(600);
  });

  it('still finds an endpoint for a retry when none has answered yet', () => {
    const list = pool(3);
    expect(sampleOne(list, mulberry32(1), new Set(['p0']))?.id).toMatch(/^p[12]$/);
  });
});
