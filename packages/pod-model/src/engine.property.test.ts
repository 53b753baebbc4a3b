import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine, type Sequence } from './engine.ts';
import type { ModelProfile } from './profiles.ts';

const small: ModelProfile = {
  name: 'prop',
  description: 'small limits so every bound is exercised',
  baseMs: 5,
  perSeqMs: 0.5,
  prefillMsPerToken: 0.05,
  maxNumSeqs: 3,
  maxNumBatchedTokens: 64,
  kvCapacityTokens: 120,
  maxModelLen: 120,
};

const arrival = fc.record({
  gap: fc.integer({ min: 0, max: 30 }),
  prompt: fc.integer({ min: 0, max: 60 }),
  output: fc.integer({ min: 0, max: 40 }),
  max: fc.integer({ min: 1, max: 50 }),
  cancelAfter: fc.option(fc.integer({ min: 0, max: 80 }), { nil: null }),
});

describe('Engine invariants (property-based)', () => {
  it('respects max_num_seqs and KV capacity, admits FIFO, and finishes every request with the right tokens', () => {
    fc.assert(
      fc.property(fc.array(arrival, { minLength: 1, maxLength: 40 }), (arrivals) => {
        const engine = createEngine({ profile: small });
        const seqs: Sequence[] = [];
        let cancels: { at: number; seq: Sequence }[] = [];
        let now = 0;
        const advance = (to: number) => {
          for (let r = engine.step(to); r; r = engine.step(to)) {
            expect(engine.running).toBeLessThanOrEqual(small.maxNumSeqs);
            expect(engine.kvTokensHeld).toBeLessThanOrEqual(small.kvCapacityTokens);
            expect(engine.kvCacheUsage).toBeLessThanOrEqual(1);
            for (const s of r.finished) expect(engine.generatedTokens(s)).toBe(s.tokens);
          }
        };
        for (const [i, a] of arrivals.entries()) {
          now += a.gap;
          advance(now);
          for (const c of cancels) if (c.at <= now) engine.cancel(c.seq);
          cancels = cancels.filter((c) => c.at > now);
          const seq = engine.submit(
            { id: i, promptTokens: a.prompt, maxOutputTokens: a.max, outputTokens: a.output },
            now,
          );
          seqs.push(seq);
          if (a.cancelAfter !== null) cancels.push({ at: now + a.cancelAfter, seq });
        }
        advance(Number.POSITIVE_INFINITY);
        expect(engine.nextStepAt()).toBeNull();
        expect(engine.stats()).toMatchObject({ running: 0, waiting: 0, kvTokensHeld: 0 });
        let lastAdmitted = Number.NEGATIVE_INFINITY;
        for (const s of seqs) {
          expect(['finished', 'cancelled']).toContain(s.state);
          if (s.state === 'finished') {
            expect(s.tokens).toBe(Math.min(s.maxOutputTokens, arrivals[s.id as number]!.output));
            expect(s.firstTokenAt).toBeGreaterThan(s.admittedAt);
            expect(s.finishedAt).toBeGreaterThanOrEqual(s.firstTokenAt);
            expect(s.admittedAt).toBeGreaterThanOrEqual(s.submittedAt);
            // FCFS: admission order follows submission order.
            expect(s.admittedAt).toBeGreaterThanOrEqual(lastAdmitted);
            lastAdmitted = s.admittedAt;
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
