/**
 * The redline mechanisms for loads that move faster than a GPU pod starts: burst headroom, rises sized by
 * their persistence, overload scale-up, and the scale-down hold stretched by burstiness.
 */
import { describe, expect, it } from 'vitest';
import { createRedlineDecider, type RedlineDecider, type RedlineDecision } from './redline.ts';

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
    // A step to 250 req/s overloads the 10 ordered pods (210 req/s with the 5 % margin). One 2-s look is a
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
    // 5 minutes after the last high recommendation. Bursty: the same needs built from spikes of 3× the minute
    // mean (B = 2.5: 100 → 25 pods, then 20 → 5 pods); the hold stretches to 5 × 2.5 minutes, because on
    // such load a quiet 5 minutes does not show the bursts have ended.
    const run = (bursty: boolean) => {
      const d = createRedlineDecider(config);
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
});
