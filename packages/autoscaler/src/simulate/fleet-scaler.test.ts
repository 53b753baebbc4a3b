import { describe, expect, it } from 'vitest';
import type { DecideInput, Decider } from '../deciders/types.ts';
import { createFleetScaler } from './fleet-scaler.ts';

const recordingDecider = () => {
  const inputs: DecideInput[] = [];
  const decider: Decider = {
    decide(input) {
      inputs.push(input);
      return { desiredPods: input.readyPods + 1, inPanic: false };
    },
  };
  return { inputs, decider };
};

const tick = (now: number, perPod: number[], starting = 0, ready = perPod.length) => ({
  now,
  readyPods: ready,
  startingPods: starting,
  inFlightTotal: perPod.reduce((a, b) => a + b, 0),
  inFlightPerPod: perPod,
});

describe('createFleetScaler', () => {
  it('samples every call, decides at its own cadence after the warm-up, and records decisions', () => {
    const { inputs, decider } = recordingDecider();
    const scaler = createFleetScaler(decider, { decideEveryMs: 2_000, warmupMs: 3_000 });
    expect(scaler.intervalMs).toBe(1_000);
    const out: number[] = [];
    for (let s = 0; s < 8; s++) out.push(scaler.decide(tick(s * 1000, [10, 20])));
    // Warm-up holds the current count (2); then decisions at 3 s, 5 s, 7 s.
    expect(out).toEqual([2, 2, 2, 3, 3, 3, 3, 3]);
    expect(inputs.map((i) => i.now)).toEqual([3000, 5000, 7000]);
    expect(inputs[0]).toMatchObject({ stableConcurrency: 30, panicConcurrency: 30, podsWithMetrics: 2 });
    expect(scaler.decisions).toHaveLength(3);
    expect(scaler.decisions[0]).toMatchObject({ t: 3000, current: 2, desired: 3 });
  });

  it('passes podsWithMetrics through, or extrapolates the scraped mean to all ready pods (Knative)', () => {
    const plain = recordingDecider();
    createFleetScaler(plain.decider, { decideEveryMs: 1_000, warmupMs: 0 }).decide(tick(0, [10, 30], 0, 4));
    expect(plain.inputs[0]).toMatchObject({ stableConcurrency: 40, podsWithMetrics: 2, readyPods: 4 });
    const knative = recordingDecider();
    createFleetScaler(knative.decider, {
      decideEveryMs: 1_000,
      warmupMs: 0,
      extrapolateMissing: true,
    }).decide(tick(0, [10, 30], 0, 4));
    expect(knative.inputs[0]).toMatchObject({ stableConcurrency: 80, podsWithMetrics: 4 });
  });
});
