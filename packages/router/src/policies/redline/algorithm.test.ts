import { describe, expect, it } from 'vitest';
import { fixture, pickHandle } from '../../../test/helpers.ts';
import type { PolicyName, RequestHandle } from '../../types.ts';

const costOf = (f: ReturnType<typeof fixture>, id: string) =>
  f.router.snapshot().find((s) => s.id === id)!.cost;

/** Route until a request lands on `id`, report its load, finish it; other picks are cancelled. */
function reportFrom(f: ReturnType<typeof fixture>, id: string, running: number, waiting: number, kv = 0.1) {
  for (let guard = 0; guard < 1000; guard++) {
    const h = pickHandle(f.router);
    if (h.endpoint.id !== id) {
      h.finish({ kind: 'failure', reason: 'cancelled' });
      continue;
    }
    h.reportLoad({ numRequestsRunning: running, numRequestsWaiting: waiting, kvCacheUsagePerc: kv });
    h.finish({ kind: 'failure', reason: 'cancelled' });
    return;
  }
  throw new Error(`never routed to ${id}`);
}

describe('redline cost', () => {
  it('prefers the pod whose report shows less load (other gateways’ traffic)', () => {
    const f = fixture('redline', 2);
    reportFrom(f, 'p0', 200, 50);
    reportFrom(f, 'p1', 10, 0);
    expect(costOf(f, 'p0')).toBeGreaterThan(costOf(f, 'p1') * 10);
    for (let i = 0; i < 20; i++) expect(pickHandle(f.router).endpoint.id).toBe('p1');
  });

  it('lets a stale report decay toward the local estimate', () => {
    const f = fixture('redline', 2);
    reportFrom(f, 'p0', 200, 50);
    const fresh = costOf(f, 'p0');
    f.clock.advance(20_000); // ten report decay constants
    const stale = costOf(f, 'p0');
    expect(stale).toBeLessThan(fresh / 50);
    expect(stale).toBeCloseTo(costOf(f, 'p1'), 0);
  });

  it('counts requests sent since the report on top of it', () => {
    const f = fixture('redline', 1);
    reportFrom(f, 'p0', 10, 0);
    const before = costOf(f, 'p0');
    pickHandle(f.router);
    pickHandle(f.router);
    expect(costOf(f, 'p0') / before).toBeCloseTo(13 / 11, 1);
  });

  it('penalises high KV-cache usage', () => {
    const f = fixture('redline', 2);
    reportFrom(f, 'p0', 10, 0, 0.99);
    reportFrom(f, 'p1', 10, 0, 0.2);
    expect(costOf(f, 'p0')).toBeGreaterThan(costOf(f, 'p1') * 2.5);
  });

  it('prefers the pod with the lower time per output token', () => {
    const f = fixture('redline', 2);
    const tpot: Record<string, number> = { p0: 40, p1: 10 };
    for (let i = 0; i < 40; i++) {
      const h = pickHandle(f.router);
      h.firstToken();
      f.clock.advance(tpot[h.endpoint.id]! * 9);
      h.finish({ kind: 'success', outputTokens: 10 });
    }
    expect(costOf(f, 'p0') / costOf(f, 'p1')).toBeGreaterThan(2);
  });

  it('does not let a pod that fails fast attract traffic (unlike least-request)', () => {
    const share = (policy: PolicyName) => {
      // Outlier ejection off, to isolate the cost function.
      const f = fixture(policy, 4, { outlier: { consecutiveFailures: 0, failurePercentageThreshold: 100 } });
      const open: { h: RequestHandle; endsAt: number }[] = [];
      let toBad = 0;
      for (let i = 0; i < 4_000; i++) {
        f.clock.advance(1);
        for (let k = open.length - 1; k >= 0; k--) {
          if (open[k]!.endsAt <= f.clock.now()) {
            open[k]!.h.finish({ kind: 'success', outputTokens: 20 });
            open.splice(k, 1);
          }
        }
        const h = pickHandle(f.router);
        if (h.endpoint.id === 'p0') {
          toBad++;
          h.finish({ kind: 'failure', reason: 'http-5xx' }); // fails in 0 ms
        } else {
          h.firstToken();
          open.push({ h, endsAt: f.clock.now() + 50 });
        }
      }
      return toBad / 4_000;
    };
    const leastRequest = share('least-request');
    const redline = share('redline');
    expect(leastRequest).toBeGreaterThan(0.3); // the black hole: empty in-flight wins every draw
    expect(redline).toBeLessThan(0.1);
  });
});
