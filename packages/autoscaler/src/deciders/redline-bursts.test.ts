/**
 * The redline mechanisms for loads that move faster than a GPU pod starts: burst headroom, rises sized by
 * their persistence, overload scale-up, and the scale-down hold stretched by burstiness.
 */
import { describe, expect, it } from 'vitest';
import {
  createRedlineDecider,
  type RedlineConfig,
  type RedlineDecider,
  type RedlineDecision,
} from './redline.ts';

const S = 1_000;
const MIN = 60_000;
// Linear model: target 10 in flight per pod, SLO capacity 20 per pod (Little's law with 1 s latency: req/s).
const config = { targetConcurrencyPerPod: 20, targetUtilization: 0.5 };

/** Feeds (stable, panic) every 2 s over [from, to) with `ready` pods; returns the last decision. */
function feed(
  d: RedlineDecider,
  from: number,
  to: number,
  load: (t: number) => { stable: number; panic: number },
  ready: number | ((t: number) => number),
): RedlineDecision {
  let last: RedlineDecision | undefined;
  for (let t = from; t < to; t += 2 * S) {
    const { stable, panic } = load(t);
    last = d.decide({
      now: t,
      readyPods: typeof ready === 'number' ? ready : ready(t),
      stableConcurrency: stable,
      panicConcurrency: panic,
    });
  }
  return last!;
}

describe('redline on fast-moving load', () => {
  it('keeps burst headroom in proportion to how far the 6-s load swings above the 60-s load', () => {
    const smooth = feed(createRedlineDecider(config), 0, 5 * MIN, () => ({ stable: 100, panic: 100 }), 10);
    expect(smooth).toMatchObject({ burstFactor: 1, stableNeed: 10, desiredPods: 10 });
    // Same minute mean, but every other sample is a spike to 3×: three quarters of the requests arrive in
    // spikes, so the request-weighted 0.8 quantile of the swing is 3, capped at 2.5 → 25 pods.
    const bursty = feed(
      createRedlineDecider(config),
      0,
      5 * MIN,
      (t) => ({ stable: 100, panic: t % (4 * S) === 0 ? 300 : 100 }),
      10,
    );
    expect(bursty.burstFactor).toBe(2.5);
    expect(bursty.stableNeed).toBe(25);
    expect(bursty.desiredPods).toBe(25);
  });

  it('sizes a rise above the recent level by its persistence; an overload of the order scales up at once', () => {
    const steady = (d: RedlineDecider) => feed(d, 0, 10 * MIN, () => ({ stable: 100, panic: 100 }), 10);
    // A rise of the minute mean to 145 (needs 15 pods at target) is sized at the 10-min mean (≈ 100.2) plus
    // 0.2 × the rise ≈ 109 → 11 pods: 10 pods (200 req/s within the SLO) still cover it.
    const rise = { now: 10 * MIN, readyPods: 10, stableConcurrency: 145, panicConcurrency: 145 };
    const damped = createRedlineDecider(config);
    steady(damped);
    expect(damped.decide(rise)).toMatchObject({ stableNeed: 11, desiredPods: 11 });
    // Sizing the full rise orders 15.
    const full = createRedlineDecider({ ...config, risePersistence: 1 });
    steady(full);
    expect(full.decide(rise).desiredPods).toBe(15);
    // A step to 250 req/s overloads the 10 ordered pods (220 req/s with the 10 % margin). One 2-s look is a
    // spike (nothing is bought on it); held for the 6-s sustain window it is a step: order 25.
    const stepped = createRedlineDecider(config);
    steady(stepped);
    const step = (t: number) =>
      stepped.decide({ now: t, readyPods: 10, stableConcurrency: 100, panicConcurrency: 250 });
    expect(step(10 * MIN).desiredPods).toBe(10);
    expect(step(10 * MIN + 2 * S).desiredPods).toBe(10);
    expect(step(10 * MIN + 4 * S).desiredPods).toBe(10);
    expect(step(10 * MIN + 6 * S).desiredPods).toBe(25);
  });

  it('a spike shorter than the sustain window buys nothing', () => {
    const d = createRedlineDecider(config);
    feed(d, 0, 10 * MIN, () => ({ stable: 100, panic: 100 }), 10);
    const spike = feed(d, 10 * MIN, 10 * MIN + 4 * S, () => ({ stable: 100, panic: 400 }), 10);
    expect(spike.panicNeed).toBe(40);
    expect(spike.desiredPods).toBe(10);
    expect(feed(d, 10 * MIN + 4 * S, 11 * MIN, () => ({ stable: 100, panic: 100 }), 10).desiredPods).toBe(10);
  });

  it('holds capacity longer before scaling down while the load stays bursty', () => {
    // 5 minutes needing 25 pods (last look at 4:58), then 5 pods' worth. Smooth: 250 then 50 req/s, released
    // a 5-minute window after the last high recommendation. Bursty: the same needs built from spikes of 3× the
    // minute mean (B = 2.5: 100 → 25 pods, then 20 → 5 pods); the hold stretches to 5 × 2.5 minutes, because
    // on such load a quiet 5 minutes does not show the bursts have ended.
    const run = (bursty: boolean) => {
      const d = createRedlineDecider({ ...config, scaleDownStabilizationMs: 5 * MIN });
      const spiky = (mean: number) => (t: number) => ({
        stable: mean,
        panic: t % (4 * S) === 0 ? 3 * mean : mean,
      });
      const flat = (mean: number) => () => ({ stable: mean, panic: mean });
      feed(d, 0, 5 * MIN, bursty ? spiky(100) : flat(250), 25);
      const calm = bursty ? spiky(20) : flat(50);
      for (let t = 5 * MIN; t < 30 * MIN; t += 2 * S) {
        const { stable, panic } = calm(t);
        const r = d.decide({ now: t, readyPods: 25, stableConcurrency: stable, panicConcurrency: panic });
        if (r.desiredPods < 25) return { t, pods: r.desiredPods };
      }
      return { t: Number.NaN, pods: 25 };
    };
    expect(run(false)).toEqual({ t: 298 * S + 5 * MIN, pods: 5 });
    // (to 6, not 5: the rolling max also holds the spikes' own need, 60 req/s.)
    expect(run(true)).toEqual({ t: 298 * S + 12.5 * MIN, pods: 6 });
  });

  it('makes one overload order at a time: none while the pods of the last one are starting', () => {
    const d = createRedlineDecider(config);
    feed(d, 0, 10 * MIN, () => ({ stable: 100, panic: 100 }), 10);
    // A step to 250 req/s held for the sustain window: order 25 (15 starting).
    const at = (t: number, ready: number, starting: number, stable: number, panic: number) =>
      d.decide({
        now: t,
        readyPods: ready,
        startingPods: starting,
        stableConcurrency: stable,
        panicConcurrency: panic,
      });
    let last = at(10 * MIN, 10, 0, 100, 250);
    for (let t = 10 * MIN + 2 * S; t <= 10 * MIN + 6 * S; t += 2 * S) last = at(t, 10, 0, 100, 250);
    expect(last.desiredPods).toBe(25);
    // The saturated 10 now read 700 req/s (queue growth on top): over the 25 ordered pods' 550 req/s for well
    // past the sustain window — but those 25 are still starting, so no second order.
    for (let t = 10 * MIN + 8 * S; t <= 10 * MIN + 40 * S; t += 2 * S) last = at(t, 10, 15, 700, 700);
    expect(last.desiredPods).toBe(25);
    // Once they are ready, a load still over their capacity is a new overload: order again.
    for (let t = 10 * MIN + 42 * S; t <= 10 * MIN + 60 * S; t += 2 * S) last = at(t, 25, 0, 700, 700);
    expect(last.desiredPods).toBe(70);
  });

  it('needs an overload to last B³ × the sustain window on load that swings', () => {
    // Swings of 1.3× every other look (B = 1.3) stretch the 6-s window to 6 × 1.3³ ≈ 13 s: an overload of
    // 10 s buys nothing there, while on smooth load (B = 1) the same 10 s orders.
    const overloadFor = (swinging: boolean, seconds: number) => {
      const d = createRedlineDecider({ ...config, risePersistence: 0 });
      const before = feed(
        d,
        0,
        10 * MIN,
        (t) => ({ stable: 100, panic: swinging && t % (4 * S) === 0 ? 130 : 100 }),
        14,
      );
      expect(before.burstFactor).toBeCloseTo(swinging ? 1.3 : 1, 5);
      expect(before.desiredPods).toBe(14);
      return feed(d, 10 * MIN, 10 * MIN + seconds * S, () => ({ stable: 100, panic: 400 }), 14).desiredPods;
    };
    expect(overloadFor(false, 10)).toBe(40);
    expect(overloadFor(true, 10)).toBeLessThan(40);
    expect(overloadFor(true, 16)).toBe(40);
  });
});

describe('redline advance order on a sudden rise', () => {
  // Target 16 in flight per pod (0.8 × 20), SLO capacity 20 per pod: 20 pods carry 300 at 75 % of capacity,
  // like the simulated fleet before its step.
  const sized = { targetConcurrencyPerPod: 20, targetUtilization: 0.8 };
  const T0 = 10 * MIN;

  /**
   * Per-second load into 6-s and 60-s means (as the simulator's windows do), a decision every 2 s from the
   * first minute on, pods ready after 3 minutes. Returns each change of the order as [seconds, pods].
   */
  function orders(load: (t: number) => number, until: number, extra: Partial<RedlineConfig> = {}) {
    const d = createRedlineDecider({ ...sized, ...extra });
    const samples: number[] = [];
    const changes: [number, number][] = [];
    let ready = 20;
    let ordered = 20;
    const pending: number[] = [];
    const mean = (n: number) => {
      const last = samples.slice(-n);
      return last.reduce((a, b) => a + b, 0) / last.length;
    };
    for (let t = 0; t < until; t += S) {
      samples.push(load(t));
      while (pending.length > 0 && pending[0]! <= t) {
        pending.shift();
        ready++;
      }
      if (t % (2 * S) !== 0 || t < MIN) continue;
      const r = d.decide({
        now: t,
        readyPods: ready,
        startingPods: ordered - ready,
        stableConcurrency: mean(60),
        panicConcurrency: mean(6),
      });
      if (r.desiredPods !== ordered) changes.push([t / S, r.desiredPods]);
      for (let i = ordered; i < r.desiredPods; i++) pending.push(t + 3 * MIN);
      ordered = r.desiredPods;
    }
    return changes;
  }
  /** 300, then +rise within 10 s at T0, held for `lengthMs` (then back within 10 s). */
  const step =
    (rise: number, lengthMs = Number.POSITIVE_INFINITY) =>
    (t: number) => {
      const x = t - T0;
      if (x < 0) return 300;
      const up = Math.min(1, x / 10_000);
      const down = Math.min(1, Math.max(0, (lengthMs + 10_000 - x) / 10_000));
      return 300 * (1 + rise * Math.min(up, down));
    };

  it('orders advancePods at once on a step, ~10 s before the overload rule sizes it', () => {
    // +60 % (480: 1.2 × the 20 pods' SLO capacity). 8 s in, the 6-s mean has risen on two looks, stands 15 %
    // over the 60-s mean and, projected 3 s ahead, past 1.05 × capacity: 5 pods at once. The overload rule
    // (1.1 × capacity for 6 s) still orders the step's full need, 480 / 16 = 30, at 18 s.
    expect(orders(step(0.6), T0 + 2 * MIN)).toEqual([
      [608, 25],
      [618, 30],
    ]);
    // Without the advance the first pods are ordered 10 s later.
    expect(orders(step(0.6), T0 + 2 * MIN, { advancePods: 0 })).toEqual([[618, 30]]);
  });

  it('a slow ramp to the same height makes no advance order', () => {
    // The same +60 % over 10 minutes: the panic window never stands 15 % over the stable one, so the order
    // grows one pod at a time on the stable window, the first only 2.6 minutes into the ramp.
    const ramp = (t: number) => 300 * (1 + 0.6 * Math.min(1, Math.max(0, (t - T0) / (10 * MIN))));
    const changes = orders(ramp, T0 + 12 * MIN);
    expect(changes[0]).toEqual([756, 21]);
    let pods = 20;
    for (const [, next] of changes) {
      expect(next - pods).toBe(1);
      pods = next;
    }
    expect(orders(ramp, T0 + 12 * MIN, { advancePods: 0 })).toEqual(changes);
  });

  it('a 90-s burst below the overload threshold costs only the advance', () => {
    // +45 % for 90 s (435: past 1.05 × but under 1.1 × the 20 pods' capacity of 400): the advance orders 5,
    // the overload rule nothing.
    expect(orders(step(0.45, 90_000), T0 + 5 * MIN)).toEqual([[610, 25]]);
  });

  it('makes no advance order on load that swings (B > 1.1)', () => {
    const run = (swing: number) => {
      const d = createRedlineDecider({ ...sized, risePersistence: 0 });
      // 10 minutes at 300 whose 6-s mean is `swing` × the 60-s mean every other look (B = swing).
      const before = feed(
        d,
        0,
        T0,
        (t) => ({ stable: 300, panic: t % (4 * S) === 0 ? 300 * swing : 300 }),
        30,
      );
      expect(before.burstFactor).toBeCloseTo(swing, 5);
      // Then the 6-s mean rises on two looks to 1.6 × the 60-s mean (past the 30 pods' capacity of 600).
      d.decide({ now: T0, readyPods: 30, stableConcurrency: 300, panicConcurrency: 320 });
      d.decide({ now: T0 + 2 * S, readyPods: 30, stableConcurrency: 305, panicConcurrency: 400 });
      return d.decide({ now: T0 + 4 * S, readyPods: 30, stableConcurrency: 310, panicConcurrency: 500 });
    };
    expect(run(1).desiredPods).toBe(35);
    expect(run(1.2).desiredPods).toBe(30);
  });
});
