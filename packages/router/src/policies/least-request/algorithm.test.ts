import { describe, expect, it } from 'vitest';
import { countPicks, fixture, pickHandle } from '../../../test/helpers.ts';
import type { RequestHandle } from '../../types.ts';

describe('least-request (P2C on local in-flight)', () => {
  it('with two endpoints always picks the one with fewer in flight', () => {
    const { router } = fixture('least-request', 2);
    const held: RequestHandle[] = [];
    for (let i = 0; i < 3; i++) held.push(pickHandle(router));
    // After three picks the split must be 2/1 (first pick is a tie, then strictly the emptier one).
    const ids = held.map((h) => h.endpoint.id);
    const a = ids.filter((id) => id === ids[0]).length;
    expect([1, 2]).toContain(a);
    const snapshot = router.snapshot();
    const loads = snapshot.map((s) => s.inFlight).sort();
    expect(loads).toEqual([1, 2]);
    const next = pickHandle(router);
    expect(snapshot.find((s) => s.id === next.endpoint.id)?.inFlight).toBe(1);
  });

  it('keeps in-flight balanced when nothing finishes (max − min ≤ small)', () => {
    const { router } = fixture('least-request', 20);
    countPicks(router, 2_000, false);
    const loads = router.snapshot().map((s) => s.inFlight);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(6);
    expect(loads.reduce((a, b) => a + b, 0)).toBe(2_000);
  });

  it('ties keep the first draw: with equal load the distribution is uniform', () => {
    const { router } = fixture('least-request', 4);
    const counts = countPicks(router, 8_000);
    for (const c of counts.values()) expect(Math.abs(c - 2_000)).toBeLessThan(200);
  });

  it('never sends to a pod with far more in flight than its peers', () => {
    const { router } = fixture('least-request', 3);
    // Pile 50 requests on whichever endpoint, then make sure the pile does not grow.
    const hog = pickHandle(router).endpoint.id;
    for (let i = 0; i < 200; i++) pickHandle(router);
    const hogLoad = router.snapshot().find((s) => s.id === hog)!.inFlight;
    expect(hogLoad).toBeLessThanOrEqual(70);
  });
});
