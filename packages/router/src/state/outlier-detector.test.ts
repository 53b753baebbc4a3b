import { describe, expect, it } from 'vitest';
import { countPicks, failOn, finishOn, fixture, pickHandle, stateOf } from '../../test/helpers.ts';
import type { Outcome } from '../types.ts';

/** Round-robin over 10 pods, 150 requests each; p7 fails every third one (never 5 in a row). */
function failEveryThirdOnP7(router: ReturnType<typeof fixture>['router']): void {
  const seen = new Map<string, number>();
  for (let i = 0; i < 1_500; i++) {
    const h = pickHandle(router);
    const n = (seen.get(h.endpoint.id) ?? 0) + 1;
    seen.set(h.endpoint.id, n);
    if (h.endpoint.id === 'p7' && n % 3 === 0) h.finish({ kind: 'failure', reason: 'http-5xx' });
    else h.finish({ kind: 'success', outputTokens: 2 });
  }
}

describe('outlier detection: consecutive failures', () => {
  it('ejects after 5 consecutive failures, not after 4 + a success', () => {
    const f = fixture('least-request', 10);
    failOn(f.router, 'p3', 4);
    const ok = (() => {
      for (;;) {
        const h = pickHandle(f.router);
        if (h.endpoint.id === 'p3') return h;
        h.finish({ kind: 'failure', reason: 'cancelled' });
      }
    })();
    ok.finish({ kind: 'success', outputTokens: 3 });
    failOn(f.router, 'p3', 4);
    expect(stateOf(f.router, 'p3')).toBe('healthy');
    failOn(f.router, 'p3', 1);
    expect(stateOf(f.router, 'p3')).toBe('ejected');
    const counts = countPicks(f.router, 500);
    expect(counts.has('p3')).toBe(false);
  });

  it('never counts cancelled requests against a pod', () => {
    const f = fixture('least-request', 2);
    for (let i = 0; i < 50; i++) pickHandle(f.router).finish({ kind: 'failure', reason: 'cancelled' });
    expect(f.router.snapshot().every((s) => s.state === 'healthy')).toBe(true);
  });

  it('counts connect, timeout and reset failures', () => {
    for (const reason of ['connect', 'timeout', 'reset'] as const) {
      const f = fixture('round-robin', 10, { health: { unhealthyThreshold: 100 } });
      let failed = 0;
      while (failed < 5) {
        const h = pickHandle(f.router);
        if (h.endpoint.id === 'p0') {
          h.finish({ kind: 'failure', reason });
          failed++;
        } else h.finish({ kind: 'success', outputTokens: 1 });
      }
      expect(stateOf(f.router, 'p0')).toBe('ejected');
    }
  });

  it('ejection lasts base × times ejected, capped at the maximum', () => {
    const f = fixture('least-request', 10, { outlier: { baseEjectionMs: 30_000, maxEjectionMs: 70_000 } });
    const ejectFor = () => {
      failOn(f.router, 'p1', 5);
      expect(stateOf(f.router, 'p1')).toBe('ejected');
      let waited = 0;
      while (stateOf(f.router, 'p1') === 'ejected') {
        f.clock.advance(1_000);
        waited += 1_000;
      }
      return waited;
    };
    expect(ejectFor()).toBe(30_000);
    expect(ejectFor()).toBe(60_000);
    expect(ejectFor()).toBe(70_000); // 90 s capped at 70 s
  });

  it('the multiplier decays while the endpoint behaves', () => {
    const f = fixture('least-request', 10, { outlier: { baseEjectionMs: 30_000, intervalMs: 10_000 } });
    failOn(f.router, 'p1', 5);
    f.clock.advance(30_000);
    expect(stateOf(f.router, 'p1')).toBe('healthy');
    for (let i = 0; i < 10; i++) {
      f.clock.advance(10_000); // ten quiet intervals
      f.router.pick();
    }
    failOn(f.router, 'p1', 5);
    f.clock.advance(30_000);
    expect(stateOf(f.router, 'p1')).toBe('healthy'); // back to the base duration, not 60 s
  });

  it('never ejects more than the configured share', () => {
    const f = fixture('round-robin', 20); // 10% of 20 = 2
    for (const id of ['p0', 'p1', 'p2', 'p3']) failOn(f.router, id, 5);
    const ejected = f.router.snapshot().filter((s) => s.state === 'ejected');
    expect(ejected.map((s) => s.id)).toEqual(['p0', 'p1']);
  });

  it('still ejects one endpoint of a small pool (10% of 3 rounds to 0)', () => {
    const f = fixture('round-robin', 3);
    failOn(f.router, 'p0', 5);
    failOn(f.router, 'p1', 5);
    expect(stateOf(f.router, 'p0')).toBe('ejected');
    expect(stateOf(f.router, 'p1')).toBe('healthy');
  });

  it('ejects on a low success rate over an interval (mean − 1.9 σ)', () => {
    const f = fixture('round-robin', 10, {
      outlier: { consecutiveFailures: 0, failurePercentageThreshold: 100 },
    });
    failEveryThirdOnP7(f.router);
    expect(stateOf(f.router, 'p7')).toBe('healthy'); // judged only when the interval ends
    f.clock.advance(10_000);
    f.router.pick();
    expect(stateOf(f.router, 'p7')).toBe('ejected');
    expect(f.router.snapshot().filter((s) => s.state === 'ejected')).toHaveLength(1);
  });

  it('keeps a host with a below-average success rate when the others could not absorb its load', () => {
    const run = (held: number) => {
      const f = fixture('round-robin', 10, {
        outlier: { consecutiveFailures: 0, failurePercentageThreshold: 100 },
        redline: { batchSlots: 8 }, // the pods' batch limit, as the operator sets it for vLLM
      });
      failEveryThirdOnP7(f.router);
      const open = Array.from({ length: held }, () => pickHandle(f.router)); // in flight at judgement time
      f.clock.advance(10_000);
      f.router.pick();
      const state = stateOf(f.router, 'p7');
      for (const h of open) h.finish({ kind: 'success', outputTokens: 2 });
      return state;
    };
    // 70 in flight on 10 pods of 8 slots: without p7 the other 9 would be 97 % full — keep it.
    expect(run(70)).toBe('healthy');
    // 30 in flight: the other 9 would be 42 % full — eject it as usual.
    expect(run(30)).toBe('ejected');
  });

  it('readmits a success-rate ejection early once the others run full, but not a hard-failure one', () => {
    const f = fixture('round-robin', 10, {
      outlier: { consecutiveFailures: 5, failurePercentageThreshold: 100, maxEjectionPercent: 50 },
      redline: { batchSlots: 8 },
    });
    failEveryThirdOnP7(f.router); // p7: 67 % success, judged at the end of the interval
    f.clock.advance(10_000);
    f.router.pick(); // a quiet pool: p7 is ejected (30 s)
    expect(stateOf(f.router, 'p7')).toBe('ejected');
    failOn(f.router, 'p2', 5, 'timeout'); // p2: 5 consecutive timeouts
    expect(stateOf(f.router, 'p2')).toBe('ejected');
    // The rush: 60 in flight on the 8 pods left is 94 % of their slots.
    const open = Array.from({ length: 60 }, () => pickHandle(f.router));
    f.clock.advance(1_000);
    pickHandle(f.router).finish({ kind: 'failure', reason: 'cancelled' });
    expect(stateOf(f.router, 'p7')).toBe('healthy'); // 29 s early
    expect(stateOf(f.router, 'p2')).toBe('ejected');
    for (const h of open) h.finish({ kind: 'success', outputTokens: 2 });
  });

  it('readmits a streak of 5xx answers from a pod serving most requests, not one with a timeout or failing most', () => {
    const f = fixture('round-robin', 10, {
      outlier: { consecutiveFailures: 5, maxEjectionPercent: 50 },
      health: { unhealthyThreshold: 100 },
      redline: { batchSlots: 8 },
    });
    const ok: Outcome = { kind: 'success', outputTokens: 2 };
    const answered: Outcome = { kind: 'failure', reason: 'http-5xx' };
    const timeout: Outcome = { kind: 'failure', reason: 'timeout' };
    const fourAnswered = [answered, answered, answered, answered];
    finishOn(f.router, 'p4', [...Array(30).fill(ok), ...fourAnswered, answered]); // unlucky: 86 % success
    finishOn(f.router, 'p5', [...Array(30).fill(ok), ...fourAnswered, timeout]); // the pod went silent
    const mostlyFailing = Array.from({ length: 6 }, () => [ok, ...fourAnswered]).flat();
    finishOn(f.router, 'p6', [...mostlyFailing, answered]); // 6 of 31 succeeded
    finishOn(f.router, 'p7', [ok, ok, ...fourAnswered, answered]); // too new to judge, but it has served
    finishOn(f.router, 'p8', [...fourAnswered, answered]); // never served
    for (const id of ['p4', 'p5', 'p6', 'p7', 'p8']) expect(stateOf(f.router, id)).toBe('ejected');
    // The rush: 60 in flight on the 5 pods left is over 100 % of their slots.
    const open = Array.from({ length: 60 }, () => pickHandle(f.router));
    f.clock.advance(1_000);
    pickHandle(f.router).finish({ kind: 'failure', reason: 'cancelled' });
    expect(stateOf(f.router, 'p4')).toBe('healthy');
    expect(stateOf(f.router, 'p7')).toBe('healthy');
    expect(stateOf(f.router, 'p5')).toBe('ejected');
    expect(stateOf(f.router, 'p6')).toBe('ejected');
    expect(stateOf(f.router, 'p8')).toBe('ejected');
    for (const h of open) h.finish(ok);
  });

  it('judges the load over the interval, not at the instant in-flight happens to dip', () => {
    const f = fixture('round-robin', 10, {
      outlier: { consecutiveFailures: 0, failurePercentageThreshold: 100 },
      redline: { batchSlots: 8 },
    });
    failEveryThirdOnP7(f.router);
    const open = Array.from({ length: 70 }, () => pickHandle(f.router)); // 97 % of the others' slots
    f.clock.advance(9_990);
    for (const h of open.splice(0, 50)) h.finish({ kind: 'success', outputTokens: 2 }); // a dip to 20
    f.clock.advance(10);
    f.router.pick();
    expect(stateOf(f.router, 'p7')).toBe('healthy');
    for (const h of open) h.finish({ kind: 'success', outputTokens: 2 });
  });

  it('ejects on a failure percentage above the threshold even with few hosts', () => {
    const f = fixture('round-robin', 2, { outlier: { consecutiveFailures: 0 } });
    let onBad = 0;
    for (let i = 0; i < 200; i++) {
      const h = pickHandle(f.router);
      const bad = h.endpoint.id === 'p0' && ++onBad % 10 !== 0; // 90% failures on p0
      h.finish(bad ? { kind: 'failure', reason: 'http-5xx' } : { kind: 'success', outputTokens: 1 });
    }
    f.clock.advance(10_000);
    f.router.pick();
    expect(stateOf(f.router, 'p0')).toBe('ejected');
    expect(stateOf(f.router, 'p1')).toBe('healthy');
  });
});

describe('panic mode', () => {
  it('routes over every endpoint when fewer than 50% are healthy', () => {
    const f = fixture('round-robin', 4, { health: { unhealthyThreshold: 1 } });
    for (const id of ['p0', 'p1', 'p2']) f.router.reportHealth(id, false);
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const h = pickHandle(f.router);
      expect(f.router.panicking).toBe(true);
      seen.add(h.endpoint.id);
      h.finish({ kind: 'failure', reason: 'cancelled' }); // a success would count as a passing check
    }
    expect(seen.size).toBe(4);
  });

  it('routes only over healthy endpoints at or above the threshold', () => {
    const f = fixture('round-robin', 4, { health: { unhealthyThreshold: 1 } });
    for (const id of ['p0', 'p1']) f.router.reportHealth(id, false);
    const counts = countPicks(f.router, 400);
    expect(f.router.panicking).toBe(false);
    expect([...counts.keys()].sort()).toEqual(['p2', 'p3']);
  });

  it('can be disabled', () => {
    const f = fixture('round-robin', 4, {
      health: { unhealthyThreshold: 1 },
      panic: { thresholdPercent: 0 },
    });
    for (const id of ['p0', 'p1', 'p2']) f.router.reportHealth(id, false);
    expect([...countPicks(f.router, 100).keys()]).toEqual(['p3']);
  });
});
