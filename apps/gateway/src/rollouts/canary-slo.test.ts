import { describe, expect, it } from 'vitest';
import { CanaryMonitor } from './canary-monitor.ts';
import { type CanarySlo, evaluateCanarySlo } from './canary-slo.ts';
import { CanaryWindow } from './canary-window.ts';

const slo: CanarySlo = { maxErrorRate: 0.01, maxP99Ms: 1000, windowMs: 60_000, minRequests: 100 };

class FakeClock {
  constructor(public ms = 1_000_000) {}
  now = () => this.ms;
}

describe('evaluateCanarySlo (the auto-rollback rule)', () => {
  it.each([
    {
      name: 'too few requests to judge',
      counts: { requests: 99, errors: 50, slow: 50 },
      state: 'insufficient',
    },
    { name: 'healthy', counts: { requests: 1000, errors: 10, slow: 10 }, state: 'healthy' },
    { name: 'error rate just above 1 %', counts: { requests: 1000, errors: 11, slow: 0 }, state: 'breached' },
    {
      name: 'p99 at the limit: 1 % slower',
      counts: { requests: 1000, errors: 0, slow: 10 },
      state: 'healthy',
    },
    { name: 'p99 over the limit', counts: { requests: 1000, errors: 0, slow: 11 }, state: 'breached' },
    {
      name: 'exactly minRequests, all slow',
      counts: { requests: 100, errors: 0, slow: 100 },
      state: 'breached',
    },
    { name: '100 requests, 1 slow', counts: { requests: 100, errors: 0, slow: 1 }, state: 'healthy' },
    { name: '100 requests, 2 slow', counts: { requests: 100, errors: 0, slow: 2 }, state: 'breached' },
  ])('$name → $state', ({ counts, state }) => {
    expect(evaluateCanarySlo(counts, slo).state).toBe(state);
  });

  it('says why in the reason', () => {
    const verdict = evaluateCanarySlo({ requests: 200, errors: 5, slow: 0 }, slo);
    expect(verdict.state === 'breached' && verdict.reason).toMatch(/error rate 2\.50% > 1\.00% over 200/);
    const slow = evaluateCanarySlo({ requests: 200, errors: 0, slow: 9 }, slo);
    expect(slow.state === 'breached' && slow.reason).toMatch(/p99 latency > 1000 ms \(9 of 200/);
  });

  it('matches a sorted nearest-rank p99 on random samples', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let trial = 0; trial < 200; trial++) {
      const n = 100 + Math.floor(random() * 400);
      const latencies = Array.from({ length: n }, () =>
        random() < 0.985 ? random() * 900 : 900 + random() * 400,
      );
      const sorted = [...latencies].sort((a, b) => a - b);
      const p99 = sorted[Math.ceil(0.99 * n) - 1]!;
      const slow = latencies.filter((ms) => ms > slo.maxP99Ms).length;
      const verdict = evaluateCanarySlo({ requests: n, errors: 0, slow }, slo);
      expect(verdict.state).toBe(p99 > slo.maxP99Ms ? 'breached' : 'healthy');
    }
  });
});

describe('CanaryWindow with an injected clock', () => {
  it('forgets outcomes older than the window', () => {
    const clock = new FakeClock();
    const window = new CanaryWindow({ windowMs: 60_000, slowAboveMs: 1000, clock });
    for (let i = 0; i < 50; i++) window.record({ ok: false, latencyMs: 2000 });
    clock.ms += 30_000;
    for (let i = 0; i < 50; i++) window.record({ ok: true, latencyMs: 10 });
    expect(window.counts()).toEqual({ requests: 100, errors: 50, slow: 50 });
    clock.ms += 40_000; // the first 50 are now 70 s old
    expect(window.counts()).toEqual({ requests: 50, errors: 0, slow: 0 });
    clock.ms += 61_000;
    expect(window.counts()).toEqual({ requests: 0, errors: 0, slow: 0 });
  });
});

describe('CanaryMonitor: when a canary rolls back', () => {
  it('breaches once enough failing requests sit in the window, not before', () => {
    const clock = new FakeClock();
    const monitor = new CanaryMonitor(slo, clock);
    // A healthy minute: 500 fast successes.
    for (let i = 0; i < 500; i++) {
      clock.ms += 100;
      expect(monitor.record({ ok: true, latencyMs: 50 }).state).toBe(
        i + 1 < 100 ? 'insufficient' : 'healthy',
      );
    }
    // Errors start: 5 of 505 is under 1 %, the 6th tips it over (6/506 = 1.19 %).
    for (let i = 0; i < 5; i++) expect(monitor.record({ ok: false, latencyMs: 50 }).state).toBe('healthy');
    const verdict = monitor.record({ ok: false, latencyMs: 50 });
    expect(verdict.state).toBe('breached');
    expect(monitor.summary()).toMatchObject({ ok: 500, errors: 6 });
  });

  it('old errors age out: a burst a minute ago does not roll back a healthy canary', () => {
    const clock = new FakeClock();
    const monitor = new CanaryMonitor({ ...slo, minRequests: 20 }, clock);
    for (let i = 0; i < 10; i++) monitor.record({ ok: false, latencyMs: 50 });
    clock.ms += 65_000;
    let last = monitor.verdict();
    for (let i = 0; i < 200; i++) last = monitor.record({ ok: true, latencyMs: 50 });
    expect(last.state).toBe('healthy');
  });

  it('rolls back on latency: over 1 % of requests slower than 1 s', () => {
    const clock = new FakeClock();
    const monitor = new CanaryMonitor(slo, clock);
    let state = '';
    for (let i = 0; i < 300 && state !== 'breached'; i++) {
      clock.ms += 50;
      state = monitor.record({ ok: true, latencyMs: i % 50 === 0 ? 1500 : 200 }).state; // 2 % slow
    }
    expect(state).toBe('breached');
  });
});
