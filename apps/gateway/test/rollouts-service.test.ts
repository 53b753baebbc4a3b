import { randomUUID } from 'node:crypto';
import type { Database } from '@redline/db';
import type { Edit } from '@redline/edits';
import { createRouter } from '@redline/router';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/observability/logger.ts';
import { type ModelPool, PoolRegistry } from '../src/pools/model-pool.ts';
import { inCanary } from '../src/rollouts/canary-split.ts';
import { RolloutError } from '../src/rollouts/rollout-errors.ts';
import { RolloutService } from '../src/rollouts/rollout-service.ts';
import type { RolloutOptions } from '../src/rollouts/rollout-settings.ts';
import type { PoolSegmentInput, PoolSegmentResult } from '../src/rollouts/segment-corrector.ts';
import { acquireTestDatabase, releaseTestDatabase, waitFor } from './support/stack.ts';

/**
 * RolloutService against the real database with pods replaced by a scripted corrector: what shadow does to
 * the user's answer, the gate precondition, canary assignment and the automatic rollback on an injected clock.
 */

class ManualClock {
  ms = 1_000_000;
  now = () => this.ms;
}

function pool(model: string): ModelPool {
  const router = createRouter({ policy: 'round-robin', clock: { now: () => 0 }, random: Math.random });
  return { model, router, endpoints: () => [], isReady: () => true, close() {} };
}

const edit = (text: string, from: string, to: string): Edit => {
  const start = text.indexOf(from);
  return { start, end: start + from.length, original: from, replacement: to, category: 'grammar' };
};

type Behaviour = (input: PoolSegmentInput) => Promise<PoolSegmentResult>;
const answer = (model: string, edits: Edit[]): PoolSegmentResult => ({
  edits,
  model,
  cached: false,
  usage: { promptTokens: 10, completionTokens: 10 },
});

describe('RolloutService', () => {
  let db: Database;
  const services: RolloutService[] = [];
  beforeAll(async () => {
    db = await acquireTestDatabase();
  });
  afterEach(() => {
    for (const s of services.splice(0)) s.close();
  });
  afterAll(async () => {
    await releaseTestDatabase();
  });

  /** Fresh model names per test: the DB may be a shared, persistent PostgreSQL. */
  function setup(behaviours: { baseline?: Behaviour; candidate?: Behaviour }, settings: RolloutOptions = {}) {
    const run = randomUUID().slice(0, 8);
    const baseline = `base-${run}`;
    const candidate = `cand-${run}`;
    const clock = new ManualClock();
    const calls: PoolSegmentInput[] = [];
    const service = new RolloutService({
      db,
      pools: new PoolRegistry(pool(baseline), [pool(candidate)]),
      correct: (input) => {
        calls.push(input);
        const behave =
          input.pool.model === baseline
            ? behaviours.baseline
            : input.pool.model === candidate
              ? behaviours.candidate
              : undefined;
        if (!behave) throw new Error(`unexpected pool ${input.pool.model}`);
        return behave(input);
      },
      registry: new Registry(),
      clock,
      random: () => 0.5,
      logger: createLogger('silent'),
      settings,
    });
    services.push(service);
    return { service, baseline, candidate, clock, calls };
  }

  const fixBaseline: Behaviour = async (input) =>
    answer(input.pool.model, input.text.includes('dont') ? [edit(input.text, 'dont', "doesn't")] : []);

  const segment = (keyId: string, text = 'She dont like it.') => ({
    keyId,
    text,
    dialect: 'american' as const,
    signal: new AbortController().signal,
    deadlineAt: Number.POSITIVE_INFINITY,
  });

  it('shadow: answers from the baseline at once while copies hang; the cap drops the excess; close aborts', async () => {
    const hanging: Behaviour = (input) =>
      new Promise((_, reject) => {
        if (input.signal.aborted) reject(input.signal.reason);
        input.signal.addEventListener('abort', () => reject(input.signal.reason));
      });
    const { service, baseline, candidate, calls } = setup(
      { baseline: fixBaseline, candidate: hanging },
      { shadow: { sampleRate: 1, maxConcurrent: 2 } },
    );
    await service.init();
    const rollout = await service.start({ candidate, baseline });
    expect(rollout.stage).toBe('shadow');
    for (let i = 0; i < 5; i++) {
      const result = await service.correctSegment(segment(`key-${i}`));
      expect(result.model).toBe(baseline);
      expect(result.edits.map((e) => e.replacement)).toEqual(["doesn't"]);
    }
    const atCandidate = () => calls.filter((c) => c.pool.model === candidate);
    await waitFor(() => atCandidate().length === 2, 2000, 'two shadow copies sent');
    expect(service.shadowInFlight()).toBe(2);
    expect(atCandidate().every((c) => c.useCache === false && !c.signal.aborted)).toBe(true);
    const shadow = (await service.status({ id: rollout.id })).rollouts[0]!.shadow!;
    expect(shadow).toMatchObject({ mirrored: 2, dropped: 3, ok: 0, errors: 0 });
    service.close();
    await waitFor(() => service.shadowInFlight() === 0, 2000, 'shadow copies aborted');
  });

  it('shadow: counts candidate errors and measures agreement without touching the answer', async () => {
    let n = 0;
    const flaky: Behaviour = async (input) => {
      n++;
      if (n % 4 === 0) throw new Error('candidate pod 503');
      // Agrees on "dont", misses nothing else; every third answer adds a spurious edit.
      const edits = [edit(input.text, 'dont', "doesn't")];
      if (n % 3 === 0) edits.push(edit(input.text, 'like', 'likes'));
      return answer(input.pool.model, edits);
    };
    const { service, baseline, candidate } = setup(
      { baseline: fixBaseline, candidate: flaky },
      { shadow: { sampleRate: 1, maxConcurrent: 4 } },
    );
    await service.init();
    const { id } = await service.start({ candidate, baseline });
    for (let i = 0; i < 12; i++) {
      const result = await service.correctSegment(segment(`k${i}`));
      expect(result.model).toBe(baseline);
      await waitFor(() => service.shadowInFlight() === 0, 2000, 'shadow copy done');
    }
    const shadow = (await service.status({ id })).rollouts[0]!.shadow!;
    // Calls 4, 8, 12 fail; of the 9 answers, those from calls 3, 6, 9 carry the extra edit.
    expect(shadow).toMatchObject({ mirrored: 12, ok: 9, errors: 3, dropped: 0 });
    expect(shadow.agreement.compared).toBe(9);
    expect(shadow.agreement.exactMatchRate).toBeCloseTo(6 / 9, 4);
    expect(shadow.agreement.edits.recall).toBe(1);
    expect(shadow.agreement.edits.precision).toBeCloseTo(9 / 12, 4);
    expect(shadow.latencyMs.candidate.count).toBe(9);
  });

  it('refuses to leave shadow without a PASS gate, then canaries a stable share of keys', async () => {
    const { service, baseline, candidate } = setup({
      baseline: fixBaseline,
      candidate: async (input) => answer(input.pool.model, []),
    });
    await service.init();
    const { id } = await service.start({ candidate, baseline });
    const refused = service.advance({ id, reason: 'try', actor: 'admin' });
    await expect(refused).rejects.toBeInstanceOf(RolloutError);
    await expect(refused).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await expect(refused).rejects.toThrow(/no eval gate result recorded/);

    await service.recordGate({ rolloutId: id, verdict: 'FAIL', report: { verdict: 'FAIL' } });
    await expect(service.advance({ id, reason: 'try', actor: 'admin' })).rejects.toThrow(
      /latest eval gate .* is FAIL .* stays in shadow/,
    );
    // A report about another pair is refused rather than stored against this rollout.
    await expect(
      service.recordGate({
        rolloutId: id,
        verdict: 'PASS',
        report: { verdict: 'PASS', runs: { candidateModel: 'other', baselineModel: baseline } },
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    await service.recordGate({ rolloutId: id, verdict: 'PASS', report: { verdict: 'PASS' } });
    const canary = await service.advance({ id, reason: 'gate PASS', actor: 'admin:alice', percent: 50 });
    expect(canary).toMatchObject({ stage: 'canary', canaryPercent: 50 });
    const keys = Array.from({ length: 40 }, (_, i) => `key-${i}`);
    for (const key of keys) {
      const result = await service.correctSegment(segment(key));
      expect(result.model).toBe(inCanary(id, key, 50) ? candidate : baseline);
      // Stable: the same key asks again and lands on the same model.
      expect((await service.correctSegment(segment(key))).model).toBe(result.model);
    }
    const onCandidate = keys.filter((k) => inCanary(id, k, 50)).length;
    expect(onCandidate).toBeGreaterThan(5);
    expect(onCandidate).toBeLessThan(35);

    const promoted = await service.advance({ id, reason: 'canary healthy', actor: 'admin' });
    expect(promoted.stage).toBe('promoted');
    expect(service.serving()).toBe(candidate);
    for (const key of keys.slice(0, 5))
      expect((await service.correctSegment(segment(key))).model).toBe(candidate);
    const history = (await service.status({ id })).rollouts[0]!.history;
    expect(history.map((t) => [t.fromStage, t.toStage, t.actor, t.reason])).toEqual([
      ['shadow', 'canary', 'admin:alice', 'gate PASS'],
      ['canary', 'promoted', 'admin', 'canary healthy'],
    ]);
    await expect(service.advance({ id, reason: 'again', actor: 'admin' })).rejects.toThrow(/final/);

    // A gateway starting later (same database, same pools) serves the promoted model from the outset.
    const restarted = new RolloutService({
      db,
      pools: new PoolRegistry(pool(baseline), [pool(candidate)]),
      correct: async (input) => answer(input.pool.model, []),
      registry: new Registry(),
      clock: new ManualClock(),
      random: () => 0.5,
      logger: createLogger('silent'),
    });
    services.push(restarted);
    await restarted.init();
    expect(restarted.serving()).toBe(candidate);
    expect((await restarted.correctSegment(segment('anyone'))).model).toBe(candidate);
  });

  it('canary rolls back by itself when the candidate breaks the error-rate SLO (actor "system")', async () => {
    let failing = false;
    const { service, baseline, candidate, clock } = setup(
      {
        baseline: fixBaseline,
        candidate: async (input) => {
          clock.ms += 20; // each call takes 20 ms on the injected clock
          if (failing) throw new Error('candidate pod 503');
          return answer(input.pool.model, []);
        },
      },
      { canary: { minRequests: 50, maxErrorRate: 0.05, windowMs: 60_000 } },
    );
    await service.init();
    const { id } = await service.start({ candidate, baseline });
    await service.recordGate({ rolloutId: id, verdict: 'PASS', report: null });
    await service.advance({ id, reason: 'gate PASS', actor: 'admin', percent: 99 });
    const canaryKeys = Array.from({ length: 400 }, (_, i) => `k${i}`).filter((k) => inCanary(id, k, 99));
    // 60 healthy requests, then failures: 4 failures out of 64 (6.25 %) break the 5 % SLO.
    for (const key of canaryKeys.slice(0, 60))
      expect((await service.correctSegment(segment(key))).model).toBe(candidate);
    failing = true;
    let failures = 0;
    for (const key of canaryKeys.slice(60, 70)) {
      const outcome = await service.correctSegment(segment(key)).catch(() => 'failed' as const);
      if (outcome === 'failed') failures++;
      else expect(outcome.model).toBe(baseline); // rolled back: canary keys are on the baseline again
    }
    expect(failures).toBe(4);
    await waitFor(
      async () => (await db.rollouts.get(id))?.stage === 'rolled-back',
      3000,
      'rolled-back stored',
    );
    const last = (await db.rollouts.history(id)).at(-1)!;
    expect(last).toMatchObject({ fromStage: 'canary', toStage: 'rolled-back', actor: 'system' });
    expect(last.reason).toMatch(/error rate 6\.25% > 5\.00% over 64 canary requests/);
    // Clock moves on, nothing comes back: the rollback is final.
    clock.ms += 120_000;
    await service.refresh();
    expect((await service.correctSegment(segment(canaryKeys[0]!))).model).toBe(baseline);
  });

  it('a refresh asked for during a read waits for a read that starts after the ask', async () => {
    const { service, baseline, candidate } = setup({ baseline: fixBaseline, candidate: fixBaseline });
    await service.init();
    const stale = service.refresh(); // a read in flight (as the periodic refresh would be)
    const created = await db.rollouts.create({ candidate, baseline }); // another gateway starts a rollout
    await service.refresh();
    expect((await service.status({})).rollouts.find((r) => r.id === created.id)?.drivesTraffic).toBe(true);
    await stale;
    await service.rollback({ id: created.id, reason: 'cleanup', actor: 'admin' });
  });

  it('guards start: one active rollout, pools must exist, the baseline must be the serving model', async () => {
    const { service, baseline, candidate } = setup({ baseline: fixBaseline, candidate: fixBaseline });
    await service.init();
    await expect(service.start({ candidate: 'nope', baseline })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
    await expect(service.start({ candidate: baseline, baseline: candidate })).rejects.toThrow(
      /is not the serving model/,
    );
    const { id } = await service.start({ candidate, baseline });
    await expect(service.start({ candidate, baseline })).rejects.toMatchObject({ code: 'CONFLICT' });
    const rolledBack = await service.rollback({ id, reason: 'changed my mind', actor: 'admin' });
    expect(rolledBack.stage).toBe('rolled-back');
    await expect(service.rollback({ id, reason: 'again', actor: 'admin' })).rejects.toThrow(/final/);
    await expect(service.status({ id: randomUUID() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
