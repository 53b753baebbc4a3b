import { describe, expect, it } from 'vitest';
import { fixture, pickHandle, specs } from '../../test/helpers.ts';
import type { RequestHandle } from '../types.ts';

const share = (f: ReturnType<typeof fixture>, id: string, n: number) => {
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const h = pickHandle(f.router);
    if (h.endpoint.id === id) hits++;
    h.finish({ kind: 'success', outputTokens: 1 });
  }
  return hits / n;
};

describe('slow start', () => {
  it('ramps a new endpoint’s share over the window (random policy: share ∝ weight)', () => {
    const f = fixture('random', 4, { slowStart: { windowMs: 10_000, minWeight: 0.1 } });
    f.router.setEndpoints(specs(5));
    const early = share(f, 'p4', 4_000); // weight 0.1 → ~0.1 / 4.1
    f.clock.advance(5_000);
    const middle = share(f, 'p4', 4_000); // weight 0.5 → ~0.5 / 4.5
    f.clock.advance(5_000);
    const done = share(f, 'p4', 4_000); // weight 1 → 1 / 5
    expect(early).toBeLessThan(0.05);
    expect(middle).toBeGreaterThan(0.07);
    expect(middle).toBeLessThan(0.15);
    expect(done).toBeGreaterThan(0.17);
  });

  it('does not apply to the initial endpoint set', () => {
    const f = fixture('random', 4, { slowStart: { windowMs: 10_000 } });
    expect(share(f, 'p0', 4_000)).toBeGreaterThan(0.2);
  });

  it('aggression > 1 ramps faster early on', () => {
    const measure = (aggression: number) => {
      const f = fixture('random', 4, { slowStart: { windowMs: 10_000, aggression, minWeight: 0.01 } });
      f.router.setEndpoints(specs(5));
      f.clock.advance(2_500);
      return share(f, 'p4', 4_000);
    };
    expect(measure(4)).toBeGreaterThan(measure(1) * 1.5);
  });

  it('under P2C a slow-starting endpoint holds fewer requests than its peers', () => {
    const f = fixture('least-request', 4, { slowStart: { windowMs: 10_000 } });
    f.router.setEndpoints(specs(5));
    f.clock.advance(2_000);
    const held: RequestHandle[] = [];
    for (let i = 0; i < 500; i++) held.push(pickHandle(f.router));
    const load = Object.fromEntries(f.router.snapshot().map((s) => [s.id, s.inFlight]));
    expect(load.p4).toBeLessThan((load.p0 ?? 0) / 2);
    expect(load.p4).toBeGreaterThan(0);
  });
});
