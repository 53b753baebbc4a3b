import { describe, expect, it } from 'vitest';
import { expectedSlotWaitMs } from './slot-wait.ts';

const base = { now: 1_000, serviceMs: 400, tpotMs: 25 };

describe('expectedSlotWaitMs', () => {
  it('is the time until the oldest of our decoding requests finishes when we see the whole batch', () => {
    // Started decoding 390, 200 and 10 ms ago: 10, 200 and 390 ms left.
    const decodingSince = [990, 800, 610];
    expect(expectedSlotWaitMs({ ...base, decodingSince, running: 3, k: 1 })).toBe(25); // at least one token
    expect(expectedSlotWaitMs({ ...base, decodingSince: [800, 700, 990], running: 3, k: 1 })).toBe(100);
    expect(expectedSlotWaitMs({ ...base, decodingSince: [800, 700, 990], running: 3, k: 2 })).toBe(200);
  });

  it('tells apart two full pods that a request count cannot', () => {
    const nearlyDone = expectedSlotWaitMs({ ...base, decodingSince: [605, 700, 800, 900], running: 4, k: 1 });
    const justStarted = expectedSlotWaitMs({
      ...base,
      decodingSince: [990, 980, 970, 960],
      running: 4,
      k: 1,
    });
    expect(nearlyDone).toBe(25);
    expect(justStarted).toBe(360);
  });

  it('falls back to evenly spaced residuals for requests other gateways sent', () => {
    // 8 running, none ours: the k-th of 8 uniform residuals is k·S/9 on average.
    expect(expectedSlotWaitMs({ ...base, decodingSince: [], running: 8, k: 1 })).toBeCloseTo(400 / 9, 9);
    expect(expectedSlotWaitMs({ ...base, decodingSince: [], running: 8, k: 3 })).toBeCloseTo(1200 / 9, 9);
    // One of ours about to finish is still seen among the others.
    expect(expectedSlotWaitMs({ ...base, decodingSince: [620], running: 8, k: 1 })).toBe(25);
    // One of ours just started: the others' residuals come first.
    expect(expectedSlotWaitMs({ ...base, decodingSince: [1_000], running: 8, k: 1 })).toBeCloseTo(400 / 8, 9);
  });

  it('gives our requests still in prefill a whole service time, not an unknown residual', () => {
    // 2 running, both ours and admitted just now (no first token yet): the first slot frees in S, not S/3.
    expect(expectedSlotWaitMs({ ...base, decodingSince: [], running: 2, starting: 2, k: 1 })).toBe(400);
    expect(expectedSlotWaitMs({ ...base, decodingSince: [], running: 2, k: 1 })).toBeCloseTo(400 / 3, 9);
    // One decoding (100 ms left), one starting: the second release is the starting one's.
    expect(expectedSlotWaitMs({ ...base, decodingSince: [700], running: 2, starting: 1, k: 2 })).toBe(400);
    // Others' requests (unknown) still come first when ours only just started; starting never exceeds the rest.
    expect(expectedSlotWaitMs({ ...base, decodingSince: [], running: 3, starting: 1, k: 1 })).toBeCloseTo(
      400 / 3,
      9,
    );
    expect(expectedSlotWaitMs({ ...base, decodingSince: [700], running: 2, starting: 5, k: 2 })).toBe(400);
  });

  it('counts our own decoding requests as running even when the estimate says fewer', () => {
    // A stale report says 1 running; we have 3 decoding: the 2nd release is our 2nd nearest-done.
    expect(expectedSlotWaitMs({ ...base, decodingSince: [800, 700, 990], running: 1, k: 2 })).toBe(200);
    expect(expectedSlotWaitMs({ ...base, decodingSince: [800, 700, 990], running: 1, k: 1 })).toBe(100);
  });

  it('takes each of our requests at its own hinted length, and the average where it has none', () => {
    // All three started decoding 100 ms ago: 4 tokens (100 ms) are done, 30 (750 ms) have 650 left, and
    // the unhinted one has the average 400 − 100 = 300 left.
    const decodingSince = [900, 900, 900];
    const decodingTokens = [30, Number.NaN, 4];
    expect(expectedSlotWaitMs({ ...base, decodingSince, decodingTokens, running: 3, k: 1 })).toBe(25);
    expect(expectedSlotWaitMs({ ...base, decodingSince, decodingTokens, running: 3, k: 2 })).toBe(300);
    expect(expectedSlotWaitMs({ ...base, decodingSince, decodingTokens, running: 3, k: 3 })).toBe(650);
    // Without lengths, all three have 300 ms left.
    expect(expectedSlotWaitMs({ ...base, decodingSince, running: 3, k: 1 })).toBe(300);
  });

  it('adds a whole service time per round beyond one batch', () => {
    const oneRound = expectedSlotWaitMs({ ...base, decodingSince: [900, 800], running: 2, k: 1 });
    expect(expectedSlotWaitMs({ ...base, decodingSince: [900, 800], running: 2, k: 3 })).toBe(400 + oneRound);
  });
});
