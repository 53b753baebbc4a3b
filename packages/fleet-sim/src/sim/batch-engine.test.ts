import { createEngine, getProfile, type Sequence } from '@redline/pod-model';
import { mulberry32 } from '@redline/router/testing';
import { describe, expect, it } from 'vitest';
import { BatchEngine, SEQ_RUNNING } from './batch-engine.ts';
import { withBatchLimit } from './capacity.ts';
import { RequestSlots } from './slots.ts';

/** Replay one random workload through pod-model's Engine and BatchEngine; every step must match. */
function replay(profile: string, seed: number, requests: number, cancelShare: number) {
  const random = mulberry32(seed);
  const reference = createEngine({ profile, slowdown: 1.5 });
  const slots = new RequestSlots(16);
  const twin = new BatchEngine(profile, slots, 1.5);
  const sequences = new Map<number, Sequence>();
  let t = 0;
  let submitted = 0;
  const steps: string[] = [];
  const twinSteps: string[] = [];
  const live: number[] = [];
  while (submitted < requests || reference.nextStepAt() !== null) {
    const nextStep = reference.nextStepAt() ?? Number.POSITIVE_INFINITY;
    expect(twin.nextStepAt()).toBe(nextStep);
    const arrival = submitted < requests ? t + random() * 4 : Number.POSITIVE_INFINITY;
    if (arrival < nextStep) {
      t = arrival;
      const slot = slots.allocate();
      slots.inputTokens[slot] = 1 + Math.floor(random() * 400);
      slots.outputTokens[slot] = Math.floor(random() * 60);
      const out = slots.outputTokens[slot]!;
      sequences.set(
        slot,
        reference.submit(
          { id: slot, promptTokens: slots.inputTokens[slot]!, maxOutputTokens: out, outputTokens: out },
          t,
        ),
      );
      expect(twin.submit(slot, t)).toBe(true);
      live.push(slot);
      submitted++;
      if (random() < cancelShare && live.length > 0) {
        const victim = live.splice(Math.floor(random() * live.length), 1)[0]!;
        reference.cancel(sequences.get(victim)!);
        twin.cancel(victim);
        slots.release(victim); // recycled at once: stale entries must be ignored
      }
    } else {
      t = nextStep;
      const r = reference.step(t)!;
      steps.push(
        `${r.endedAt}|${r.batchSize}|${r.firstTokens.map((s) => s.id).sort()}|${r.finished.map((s) => s.id).sort()}`,
      );
      expect(twin.step(t)).toBe(true);
      const first = Array.from(twin.firstTokens.subarray(0, twin.firstTokenCount)).sort();
      const done = Array.from(twin.finished.subarray(0, twin.finishedCount)).sort();
      twinSteps.push(`${twin.lastStepEndedAt}|${twin.lastStepBatch}|${first}|${done}`);
      for (const slot of done) {
        live.splice(live.indexOf(slot), 1);
        slots.release(slot);
      }
      expect([twin.running, twin.waiting]).toEqual([reference.running, reference.waiting]);
      expect(twin.kvCacheUsage).toBeCloseTo(reference.kvCacheUsage, 12);
    }
  }
  expect(twinSteps).toEqual(steps);
  return steps.length;
}

describe('BatchEngine (typed-array twin of pod-model Engine)', () => {
  it('matches pod-model step for step under queueing, budgets and KV pressure', () => {
    expect(replay('test-fast', 1, 3_000, 0)).toBeGreaterThan(100);
  });

  it('matches with cancellations and recycled slots', () => {
    expect(replay('test-fast', 2, 3_000, 0.2)).toBeGreaterThan(100);
  });

  it('matches on the L40S profile', () => {
    expect(replay('l40s-llama3.2-3b', 3, 2_000, 0.05)).toBeGreaterThan(50);
  });

  it('fills free batch slots from a shared queue when its own is empty, and only then', () => {
    const slots = new RequestSlots(16);
    const engine = new BatchEngine(withBatchLimit(getProfile('test-fast'), 2), slots);
    const shared: number[] = [];
    const request = () => {
      const slot = slots.allocate();
      slots.inputTokens[slot] = 10;
      slots.outputTokens[slot] = 3;
      return slot;
    };
    shared.push(request(), request());
    engine.setSharedQueue(() => shared.shift() ?? -1);
    const own = request();
    expect(engine.submit(own, 0)).toBe(true);
    // Its own request first, then one shared request for the second slot; the third stays shared.
    expect(engine.running).toBe(2);
    expect(slots.seqState[own]).toBe(SEQ_RUNNING);
    expect(shared).toHaveLength(1);
    let t = engine.nextStepAt();
    let finished = 0;
    while (t !== Number.POSITIVE_INFINITY) {
      engine.step(t);
      finished += engine.finishedCount;
      t = engine.nextStepAt();
    }
    // Slots freed by the first two finishing draw the last shared request; the engine stops when all are done.
    expect(finished).toBe(3);
    expect(shared).toHaveLength(0);
  });
});
