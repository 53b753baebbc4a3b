import { describe, expect, it } from 'vitest';
import { countPicks, fixture, pickHandle, specs } from '../test/helpers.ts';
import { RouterConfigError } from './config.ts';
import { createRouter } from './create-router.ts';
import { manualClock, mulberry32 } from './testing.ts';

describe('endpoint set and draining', () => {
  it('stops routing to removed endpoints but lets their requests finish', () => {
    const f = fixture('least-request', 3);
    const handles = Array.from({ length: 9 }, () => pickHandle(f.router));
    const onP0 = handles.filter((h) => h.endpoint.id === 'p0');
    expect(onP0.length).toBeGreaterThan(0);
    f.router.setEndpoints(specs(3).slice(1));
    expect(f.router.snapshot().find((s) => s.id === 'p0')?.state).toBe('terminating');
    expect(countPicks(f.router, 200).has('p0')).toBe(false);
    for (const h of onP0) h.finish({ kind: 'success', outputTokens: 4 });
    expect(f.router.snapshot().find((s) => s.id === 'p0')).toBeUndefined();
    expect(f.router.activeRequests).toBe(9 - onP0.length);
  });

  it('treats terminating endpoints like removed ones and revives them when re-listed', () => {
    const f = fixture('round-robin', 2);
    f.router.setEndpoints([{ ...specs(2)[0]!, terminating: true }, specs(2)[1]!]);
    expect([...countPicks(f.router, 10).keys()]).toEqual(['p1']);
    f.router.setEndpoints(specs(2));
    expect(countPicks(f.router, 10).size).toBe(2);
  });

  it('keeps state of known ids across setEndpoints', () => {
    const f = fixture('least-request', 10);
    const held = pickHandle(f.router);
    f.router.setEndpoints(specs(10));
    expect(f.router.snapshot().find((s) => s.id === held.endpoint.id)?.inFlight).toBe(1);
  });

  it('answers no-endpoints when nothing is routable', () => {
    const f = fixture('redline', 0);
    expect(f.router.pick()).toMatchObject({ ok: false, reason: 'no-endpoints' });
    f.router.setEndpoints([{ id: 'x', url: 'http://x', terminating: true }]);
    const r = f.router.pick();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.retryAfterMs).toBeGreaterThan(0);
  });

  it('finish is idempotent and cancelled only releases the slot', () => {
    const f = fixture('least-request', 1);
    const h = pickHandle(f.router);
    h.finish({ kind: 'failure', reason: 'cancelled' });
    h.finish({ kind: 'failure', reason: 'http-5xx' });
    expect(f.router.activeRequests).toBe(0);
    expect(f.router.snapshot()[0]?.inFlight).toBe(0);
  });
});

describe('exclusions', () => {
  it('never picks an excluded id while another is available', () => {
    for (const policy of ['round-robin', 'random', 'least-request', 'peak-ewma', 'redline'] as const) {
      const f = fixture(policy, 5);
      const exclude = new Set(['p0', 'p1', 'p2', 'p3']);
      for (let i = 0; i < 50; i++) expect(pickHandle(f.router, { exclude }).endpoint.id).toBe('p4');
    }
  });

  it('falls back to a tried endpoint when every healthy one is excluded (Envoy host predicate)', () => {
    const f = fixture('least-request', 2);
    const r = f.router.pick({ exclude: new Set(['p0', 'p1']) });
    expect(r.ok).toBe(true);
  });
});

describe('options', () => {
  it('rejects invalid tuning with a typed error listing the issues', () => {
    const make = () =>
      createRouter({
        policy: 'redline',
        clock: manualClock(),
        random: mulberry32(1),
        outlier: { maxEjectionPercent: 150 },
      });
    expect(make).toThrow(RouterConfigError);
    try {
      make();
    } catch (error) {
      expect((error as RouterConfigError).issues[0]?.path).toEqual(['outlier', 'maxEjectionPercent']);
    }
  });

  it('snapshot reports state, in-flight and the policy cost', () => {
    const f = fixture('least-request', 2);
    pickHandle(f.router);
    const snap = f.router.snapshot();
    expect(snap.map((s) => s.cost).sort()).toEqual([1, 2]);
    expect(snap.every((s) => s.url.startsWith('http://'))).toBe(true);
  });
});
