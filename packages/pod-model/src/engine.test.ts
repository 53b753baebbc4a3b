import { describe, expect, it } from 'vitest';
import { createEngine, type Sequence, SequenceTooLargeError, type StepResult } from './engine.ts';
import { estimateStepMs, type ModelProfile } from './profiles.ts';

const profile = (over: Partial<ModelProfile> = {}): ModelProfile => ({
  name: 'unit',
  description: 'unit-test profile',
  baseMs: 10,
  perSeqMs: 1,
  prefillMsPerToken: 0.1,
  maxNumSeqs: 4,
  maxNumBatchedTokens: 10_000,
  kvCapacityTokens: 100_000,
  maxModelLen: 10_000,
  ...over,
});

const req = (id: number, outputTokens = 5, promptTokens = 10, maxOutputTokens = 100) => ({
  id,
  promptTokens,
  maxOutputTokens,
  outputTokens,
});

/** Step the engine until idle, collecting results (copied: buffers are reused). */
function drain(engine: ReturnType<typeof createEngine>, limit = 10_000) {
  const steps: { result: StepResult; first: Sequence[]; finished: Sequence[]; running: number }[] = [];
  for (let i = 0; i < limit; i++) {
    const r = engine.step(Number.POSITIVE_INFINITY);
    if (!r) break;
    steps.push({
      result: { ...r },
      first: [...r.firstTokens],
      finished: [...r.finished],
      running: engine.running,
    });
  }
  return steps;
}

describe('Engine', () => {
  it('times tokens at step ends: first token after the prefill step, then one per step', () => {
    const p = profile();
    const engine = createEngine({ profile: p });
    const seq = engine.submit(req(1, 3, 20), 100);
    expect(engine.nextStepAt()).toBeCloseTo(100 + estimateStepMs(p, 1, 20));
    const steps = drain(engine);
    expect(steps).toHaveLength(3);
    expect(seq.firstTokenAt).toBeCloseTo(100 + 10 + 1 + 2);
    expect(seq.finishedAt).toBeCloseTo(seq.firstTokenAt + 2 * (10 + 1));
    expect(seq.state).toBe('finished');
    expect(seq.finishReason).toBe('stop');
    expect(engine.nextStepAt()).toBeNull();
  });

  it('does not complete a step before it ends', () => {
    const engine = createEngine({ profile: profile() });
    engine.submit(req(1), 0);
    expect(engine.step(5)).toBeNull();
    expect(engine.step(11.9)).toBeNull(); // 10 base + 1 seq + 10 prompt tokens × 0.1 = 12 ms
    expect(engine.step(12)?.stepIndex).toBe(0);
  });

  it('counts generated tokens per sequence as steps complete', () => {
    const engine = createEngine({ profile: profile() });
    const seq = engine.submit(req(1, 4), 0);
    const seen: number[] = [engine.generatedTokens(seq)];
    while (engine.step(Number.POSITIVE_INFINITY)) seen.push(engine.generatedTokens(seq));
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('stops at maxOutputTokens with finish reason length', () => {
    const engine = createEngine({ profile: profile() });
    const seq = engine.submit(req(1, 50, 10, 7), 0);
    expect(drain(engine)).toHaveLength(7);
    expect(seq.tokens).toBe(7);
    expect(seq.finishReason).toBe('length');
  });

  it('never runs more than maxNumSeqs and admits waiting requests in FIFO order', () => {
    const engine = createEngine({ profile: profile({ maxNumSeqs: 2 }) });
    const seqs = [engine.submit(req(0, 3), 0), engine.submit(req(1, 6), 0)];
    for (let i = 2; i < 6; i++) seqs.push(engine.submit(req(i, 2), 1));
    // Request 0 started a step alone at t=0; 1 waits for the next step; 2..5 wait behind.
    expect(engine.stats()).toMatchObject({ running: 1, waiting: 5 });
    const steps = drain(engine);
    expect(Math.max(...steps.map((s) => s.result.batchSize))).toBe(2);
    const firstOrder = steps.flatMap((s) => s.first.map((q) => q.id));
    expect(firstOrder).toEqual([0, 1, 2, 3, 4, 5]);
    const admitted = seqs.map((s) => s.admittedAt);
    expect([...admitted].sort((a, b) => a - b)).toEqual(admitted);
    expect(seqs.every((s) => s.state === 'finished')).toBe(true);
  });

  it('a waiting head that does not fit blocks the queue (FCFS), even if a later one would fit', () => {
    const engine = createEngine({ profile: profile({ kvCapacityTokens: 120, maxModelLen: 100 }) });
    const big1 = engine.submit(req(1, 10, 60), 0); // footprint 70
    const big2 = engine.submit(req(2, 10, 60), 0); // 70: does not fit beside big1
    const small = engine.submit(req(3, 1, 5), 0); // 6: would fit, but waits behind big2
    engine.step(Number.POSITIVE_INFINITY);
    expect(big1.state).toBe('running');
    expect(big2.state).toBe('waiting');
    expect(small.state).toBe('waiting');
    drain(engine);
    expect(small.admittedAt).toBeGreaterThanOrEqual(big2.admittedAt);
  });

  it('bounds admission by KV capacity and reports usage as held tokens / capacity', () => {
    const p = profile({ kvCapacityTokens: 100, maxModelLen: 100, maxNumSeqs: 10 });
    const engine = createEngine({ profile: p });
    const a = engine.submit(req(1, 10, 30), 0);
    engine.submit(req(2, 10, 30), 0);
    engine.submit(req(3, 10, 30), 0);
    engine.submit(req(4, 10, 30), 0);
    engine.step(Number.POSITIVE_INFINITY); // a ran alone (submitted while idle)
    // Footprints are 30 + 10 = 40 tokens: step 1 admits b (80 reserved); c would make 120 > 100.
    expect(engine.running).toBe(2);
    expect(engine.waiting).toBe(2);
    expect(engine.kvTokensHeld).toBe(30 + 1 + 30); // a: prompt + 1 generated; b admitted, nothing generated yet
    engine.step(Number.POSITIVE_INFINITY);
    expect(engine.kvCacheUsage).toBeCloseTo((30 + 2 + 30 + 1) / 100);
    let peak = 0;
    for (const s of drain(engine)) peak = Math.max(peak, s.running);
    expect(peak).toBeLessThanOrEqual(2);
    expect(a.state).toBe('finished');
    expect(engine.kvTokensHeld).toBe(0);
    expect(engine.kvCacheUsage).toBe(0);
  });

  it('limits prompt tokens admitted per step to the batched-token budget', () => {
    const engine = createEngine({ profile: profile({ maxNumBatchedTokens: 100, maxNumSeqs: 10 }) });
    engine.submit(req(0, 5, 10), 0);
    for (let i = 1; i <= 4; i++) engine.submit(req(i, 5, 45), 0);
    engine.step(Number.POSITIVE_INFINITY);
    const r = engine.step(Number.POSITIVE_INFINITY);
    expect(r?.firstTokens.map((s) => s.id)).toEqual([1, 2]); // 1 decode + 45 + 45 ≤ 100; a third would not fit
    expect(r?.prefillTokens).toBe(90);
  });

  it('cancel frees a running slot and its KV, and drops a waiting request', () => {
    const engine = createEngine({ profile: profile({ maxNumSeqs: 1 }) });
    const a = engine.submit(req(1, 100, 10), 0);
    const b = engine.submit(req(2, 2, 10), 0);
    engine.step(Number.POSITIVE_INFINITY);
    engine.step(Number.POSITIVE_INFINITY);
    expect(engine.kvTokensHeld).toBe(12);
    expect(engine.cancel(a)).toBe(true);
    expect(engine.cancel(a)).toBe(false);
    expect(engine.running).toBe(0);
    expect(engine.kvTokensHeld).toBe(0);
    drain(engine);
    expect(b.state).toBe('finished');
    const c = engine.submit(req(3, 2, 10), 1000);
    const d = engine.submit(req(4, 2, 10), 1000);
    expect(engine.cancel(d)).toBe(true);
    expect(engine.waiting).toBe(0);
    drain(engine);
    expect(c.state).toBe('finished');
    expect(d.state).toBe('cancelled');
  });

  it('slowdown multiplies step time from the next step on', () => {
    const engine = createEngine({ profile: profile(), slowdown: 3 });
    engine.submit(req(1, 2, 0), 0);
    expect(engine.nextStepAt()).toBeCloseTo(33);
    engine.setSlowdown(1);
    engine.step(Number.POSITIVE_INFINITY);
    expect(engine.nextStepAt()).toBeCloseTo(33 + 11);
    expect(() => engine.setSlowdown(0)).toThrow(RangeError);
  });

  it('rejects a sequence larger than the model allows', () => {
    const engine = createEngine({ profile: profile({ maxModelLen: 50 }) });
    expect(() => engine.submit(req(1, 10, 45), 0)).toThrow(SequenceTooLargeError);
    expect(engine.stats().waiting).toBe(0);
  });

  it('an empty answer still takes the prefill step and finishes with stop', () => {
    const engine = createEngine({ profile: profile() });
    const seq = engine.submit(req(1, 0, 10), 0);
    expect(drain(engine)).toHaveLength(1);
    expect(seq.tokens).toBe(0);
    expect(seq.state).toBe('finished');
  });

  it('resumes from the later of now and the last step end after going idle', () => {
    const engine = createEngine({ profile: profile() });
    engine.submit(req(1, 1, 0), 0);
    drain(engine);
    const seq = engine.submit(req(2, 1, 0), 500);
    expect(seq.submittedAt).toBe(500);
    expect(engine.nextStepAt()).toBeCloseTo(511);
  });

  it('never admits a request before it arrived, even when the caller steps late', () => {
    const engine = createEngine({ profile: profile() });
    const a = engine.submit(req(1, 1, 0), 0); // step 0: 0 → 11, a finishes
    const b = engine.submit(req(2, 3, 0), 50); // queued while step 0 is "in flight" (caller is late)
    engine.step(Number.POSITIVE_INFINITY);
    expect(a.state).toBe('finished');
    expect(engine.nextStepAt()).toBeCloseTo(50 + 11);
    drain(engine);
    expect(b.admittedAt).toBe(50);
  });
});
