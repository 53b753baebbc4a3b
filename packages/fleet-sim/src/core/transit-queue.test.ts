import { describe, expect, it } from 'vitest';
import { TransitQueue } from './transit-queue.ts';

describe('TransitQueue', () => {
  it('is FIFO with all fields intact across wrap-around and growth', () => {
    const q = new TransitQueue(4);
    let next = 0;
    let expected = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 3 + (round % 5); i++) {
        q.push(next, next, next * 2, next % 2, next + 0.5, -next, next / 4);
        next++;
      }
      for (let i = 0; i < 2 + (round % 4) && q.size > 0; i++) {
        expect(q.peekTime()).toBe(expected);
        expect([q.headSlot(), q.headGen(), q.headKind(), q.headA(), q.headB(), q.headC()]).toEqual([
          expected,
          expected * 2,
          expected % 2,
          expected + 0.5,
          -expected,
          expected / 4,
        ]);
        q.shift();
        expected++;
      }
    }
    while (q.size > 0) {
      expect(q.headSlot()).toBe(expected++);
      q.shift();
    }
    expect(expected).toBe(next);
    expect(q.peekTime()).toBe(Number.POSITIVE_INFINITY);
  });

  it('rejects a capacity that is not a power of two', () => {
    expect(() => new TransitQueue(6)).toThrow(RangeError);
  });
});
