import { describe, expect, it } from 'vitest';
import { fixture, pickHandle } from '../test/helpers.ts';

/** Teach the router tpot ≈ 20 ms and 50 output tokens, then have every pod report a deep queue. */
function saturated(waiting: number, running = 100) {
  const f = fixture('redline', 3);
  for (let i = 0; i < 30; i++) {
    const h = pickHandle(f.router);
    h.firstToken();
    f.clock.advance(20 * 49);
    h.finish({ kind: 'success', outputTokens: 50 });
  }
  // Fresh reports from every pod at the same instant.
  const reported = new Set<string>();
  while (reported.size < 3) {
    const h = pickHandle(f.router, { exclude: reported });
    h.reportLoad({ numRequestsRunning: running, numRequestsWaiting: waiting, kvCacheUsagePerc: 0.5 });
    h.finish({ kind: 'failure', reason: 'cancelled' });
    reported.add(h.endpoint.id);
  }
  return f;
}

describe('load shedding', () => {
  it('sheds when every candidate’s queue cannot start the request before the deadline', () => {
    // 400 waiting ahead, 100 running, 50 tokens × 20 ms: ≈ 4 s before a slot frees up.
    const f = saturated(400);
    const now = f.clock.now();
    const result = f.router.pick({ deadlineAt: now + 1_000 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe('shed');
      expect(result.retryAfterMs).toBeGreaterThan(1_000);
    }
    expect(f.router.pick({ deadlineAt: now + 60_000 }).ok).toBe(true);
  });

  it('does not shed when the queue is short enough', () => {
    const f = saturated(20); // ≈ 200 ms to start, then 1 s to run
    expect(f.router.pick({ deadlineAt: f.clock.now() + 1_500 }).ok).toBe(true);
  });

  it('sheds a request that could start in time but not finish', () => {
    // 40 waiting: ≈ 400 ms to start and 50 × 20 ms = 1 s to run. Within 1 s it would hold a slot and time out.
    const f = saturated(40);
    expect(f.router.pick({ deadlineAt: f.clock.now() + 1_000 })).toMatchObject({ ok: false, reason: 'shed' });
    expect(f.router.pick({ deadlineAt: f.clock.now() + 1_500 }).ok).toBe(true);
  });

  it('never sheds on missing or stale evidence', () => {
    const fresh = fixture('redline', 3);
    expect(fresh.router.pick({ deadlineAt: fresh.clock.now() + 1 }).ok).toBe(true);
    const f = saturated(400);
    f.clock.advance(60_000); // reports are old news
    expect(f.router.pick({ deadlineAt: f.clock.now() + 1_000 }).ok).toBe(true);
  });

  it('still sheds on a hopeless queue reported a second ago, which routing no longer trusts', () => {
    // 100 waiting: ≈ 1 s before a slot frees, then 1 s to run. A second later the report keeps e^(−1/2) of its
    // weight for shedding (2 s decay: ≈ 0.6 s to start) but e^(−2) for redline's cost (0.5 s: ≈ 0.14 s, and
    // the request would be tried). A deep queue drains over many service times.
    const f = saturated(100);
    f.clock.advance(1_000);
    expect(f.router.pick({ deadlineAt: f.clock.now() + 1_300 })).toMatchObject({ ok: false, reason: 'shed' });
    expect(f.router.pick({ deadlineAt: f.clock.now() + 1_800 }).ok).toBe(true);
  });

  it('sheds a request whose deadline has already passed', () => {
    const f = fixture('least-request', 2);
    const result = f.router.pick({ deadlineAt: f.clock.now() - 1 });
    expect(result).toMatchObject({ ok: false, reason: 'shed' });
  });

  it('works for every policy (the estimate is policy-independent)', () => {
    const f = saturated(400);
    expect(f.router.policy).toBe('redline');
    const r = f.router.pick({ deadlineAt: f.clock.now() + 500 });
    expect(r.ok).toBe(false);
  });
});
