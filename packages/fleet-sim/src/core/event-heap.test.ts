import { mulberry32 } from '@redline/router/testing';
import { describe, expect, it } from 'vitest';
import { EventHeap } from './event-heap.ts';

describe('EventHeap', () => {
  it('pops in time order, ties in insertion order, across growth', () => {
    const heap = new EventHeap(4);
    const random = mulberry32(5);
    const pushed: { t: number; id: number }[] = [];
    for (let id = 0; id < 2_000; id++) {
      const t = Math.floor(random() * 100); // many ties
      heap.push(t, id % 7, id);
      pushed.push({ t, id });
    }
    const popped: { t: number; id: number }[] = [];
    while (heap.size > 0) {
      popped.push({ t: heap.peekTime(), id: heap.peekPayload() });
      expect(heap.peekKind()).toBe(heap.peekPayload() % 7);
      heap.pop();
    }
    const expected = [...pushed].sort((a, b) => a.t - b.t || a.id - b.id);
    expect(popped).toEqual(expected);
    expect(heap.peekTime()).toBe(Number.POSITIVE_INFINITY);
  });

  it('interleaves pushes and pops correctly', () => {
    const heap = new EventHeap(2);
    heap.push(5, 0, 1);
    heap.push(3, 0, 2);
    expect(heap.peekPayload()).toBe(2);
    heap.pop();
    heap.push(4, 0, 3);
    heap.push(5, 0, 4);
    const order: number[] = [];
    while (heap.size > 0) {
      order.push(heap.peekPayload());
      heap.pop();
    }
    expect(order).toEqual([3, 1, 4]);
  });
});
