import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRedlineClient } from '@redline/client';
import { type Database, models } from '@redline/db';
import {
  createRolloutClient,
  type RolloutClient,
  type RunResult,
  runEval,
  runGate,
} from '@redline/eval-harness';
import { type PodFleet, startPods } from '@redline/pod-sim';
import { TRPCClientError } from '@trpc/client';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gateway, startGateway } from '../src/index.ts';
import { inCanary } from '../src/rollouts/canary-split.ts';
import type { RolloutStatus, RolloutView } from '../src/rollouts/rollout-views.ts';
import { ADMIN_TOKEN, acquireTestDatabase, releaseTestDatabase, waitFor } from './support/stack.ts';

/**
 * Part 4 of the eval harness: a candidate model reaches users only through the gate. Three pod-sim pools
 * (harper engine) behind one gateway — the serving model, a degraded candidate and an equal one, both
 * registered in the models table — evaluated through the gateway's /v1 with the eval harness, gated, and
 * driven through the admin rollouts.* procedures with the same client `redline-eval rollout` uses.
 */

/** The eval harness' small shipped dataset (100 sentences with references). */
const DATASET = fileURLToPath(
  new URL('../../../packages/eval-harness/data/redline-mini.jsonl', import.meta.url),
);
const LIMIT = 40;
const run = randomUUID().slice(0, 8);
const BASE = `harper-base-${run}`;
const WORSE = `harper-worse-${run}`;
const NEXT = `harper-next-${run}`;
/** Small so the automatic rollback needs only a few failing requests. */
const CANARY_MIN_REQUESTS = 10;

interface StatusReply {
  servingModel: string;
  rollouts: RolloutStatus[];
}

describe('model rollouts guarded by the eval gate', () => {
  let db: Database;
  const fleets: Array<{ model: string; fleet: PodFleet }> = [];
  let gateway: Gateway;
  let apiKey: string;
  let admin: RolloutClient;
  let outDir: string;
  let baselineRun: RunResult;

  const fleetOf = (model: string) => fleets.find((f) => f.model === model)!.fleet;
  const pods = async (modelName: string, degrade: number) => {
    const fleet = await startPods({
      count: 1,
      port: 0,
      profile: 'test-fast',
      engine: 'harper',
      modelName,
      faults: { degrade },
    });
    fleets.push({ model: modelName, fleet });
    return fleet.pods.map((p) => p.url);
  };

  const evalRun = (model: string) =>
    runEval({
      dataset: DATASET,
      endpoint: `${gateway.url}/v1`,
      model,
      apiKey,
      limit: LIMIT,
      concurrency: 8,
      out: join(outDir, model),
      progress: false,
    });

  const gate = (candidate: RunResult) =>
    runGate({
      baseline: baselineRun,
      candidate,
      resamples: 400,
      // Quality decides here: pod-sim latencies on a shared 2-core box are too noisy for a 1.2 ratio.
      maxLatencyRatio: 5,
      reportDir: join(outDir, `gate-${candidate.summary.model}`),
    });

  const logGate = (r: ReturnType<typeof gate>) =>
    console.info(
      `gate ${r.runs.candidateModel} vs ${r.runs.baselineModel} (${r.items.paired} items): F0.5 ` +
        `${r.f05.baseline.toFixed(3)} -> ${r.f05.candidate.toFixed(3)}, delta CI ` +
        `[${r.ci[0].toFixed(3)}, ${r.ci[1].toFixed(3)}] -> ${r.verdict}`,
    );

  /** The gate.json the CLI forwards (`redline-eval rollout start --gate-report`). */
  const gateJson = (report: ReturnType<typeof gate>) =>
    JSON.parse(readFileSync(report.reportPaths.json, 'utf8')) as {
      verdict: 'PASS' | 'FAIL' | 'INCONCLUSIVE';
    };

  const status = async (id: string) => {
    const reply = (await admin.status({ id })) as StatusReply;
    return { servingModel: reply.servingModel, rollout: reply.rollouts[0]! };
  };

  /** This gateway's shadow figures once `count` sampled segments are settled (answered, failed or dropped). */
  const shadowAnswered = async (id: string, count: number) => {
    const summary = await waitFor(
      async () => {
        const s = (await status(id)).rollout.shadow;
        return s && s.ok + s.errors + s.dropped >= count ? s : null;
      },
      10_000,
      'shadow copies answered',
    );
    if (!summary) throw new Error('unreachable: waitFor returns a value or throws');
    return summary;
  };

  const check = async (key: string, texts: string[]) => {
    const client = createRedlineClient({ url: gateway.url, apiKey: key });
    const results = [];
    const segments = texts.map((text, i) => ({ id: `s${i}`, text }));
    for await (const result of await client.correct.check.query({ segments })) results.push(result);
    return results;
  };

  beforeAll(async () => {
    db = await acquireTestDatabase();
    outDir = mkdtempSync(join(tmpdir(), 'redline-rollouts-'));
    const [baseUrls, worseUrls, nextUrls] = await Promise.all([
      pods(BASE, 0),
      pods(WORSE, 0.6),
      pods(NEXT, 0),
    ]);
    // The candidates come from the model registry, as an operator would add them.
    await db.models.upsert({ name: WORSE, endpoints: worseUrls });
    await db.models.upsert({ name: NEXT, endpoints: nextUrls });
    gateway = await startGateway({
      model: BASE,
      endpoints: baseUrls,
      adminToken: ADMIN_TOKEN,
      db,
      logLevel: 'silent',
      healthCheck: { intervalMs: 300, timeoutMs: 2000 },
      shutdownGraceMs: 2000,
      rollouts: {
        // Every segment copied; the cap is above the 12 segments a check sends, so none is dropped.
        shadow: { sampleRate: 1, maxConcurrent: 16 },
        canarySteps: [50],
        canary: { minRequests: CANARY_MIN_REQUESTS },
        refreshMs: 500,
      },
    });
    apiKey = (await db.apiKeys.create({ name: `rollouts-${run}` })).key;
    admin = createRolloutClient({ url: `${gateway.url}/trpc`, adminToken: ADMIN_TOKEN });
    await waitFor(
      () => [BASE, WORSE, NEXT].every((m) => gateway.pools.get(m)?.isReady()),
      10_000,
      'three ready pools',
    );
    baselineRun = await evalRun(BASE);
    expect(baselineRun.summary.counts).toMatchObject({ items: LIMIT, ok: LIMIT });
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all(fleets.map((f) => f.fleet.close()));
    // Registered models would give every later gateway on this database a pool: remove them.
    await db?.db.delete(models).where(inArray(models.name, [WORSE, NEXT]));
    if (outDir) rmSync(outDir, { recursive: true, force: true });
    await releaseTestDatabase();
  });

  it('a degraded candidate fails the gate and cannot leave shadow', async () => {
    const candidateRun = await evalRun(WORSE);
    const report = gate(candidateRun);
    logGate(report);
    expect(report.f05.candidate).toBeLessThan(report.f05.baseline);
    expect(report.verdict).toBe('FAIL');

    const rollout = (await admin.start({ candidate: WORSE, baseline: BASE })) as RolloutView;
    expect(rollout).toMatchObject({ stage: 'shadow', candidateModel: WORSE, baselineModel: BASE });
    await admin.recordGate({ rolloutId: rollout.id, verdict: report.verdict, report: gateJson(report) });

    // Shadow: users get the serving model; the candidate answers copies, and disagrees on some.
    const texts = baselineRun.items.slice(0, 12).map((i) => i.source);
    const results = await check(apiKey, texts);
    expect(results.map((r) => r.model)).toEqual(texts.map(() => BASE));
    const shadow = await shadowAnswered(rollout.id, texts.length);
    expect(shadow).toMatchObject({ mirrored: texts.length, ok: texts.length, errors: 0, dropped: 0 });
    expect(shadow.agreement.exactMatchRate).toBeLessThan(1);
    expect(shadow.latencyMs.candidate.count).toBe(texts.length);
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toContain(
      `redline_gateway_rollout_shadow_requests_total{candidate="${WORSE}",outcome="ok"} ${texts.length}`,
    );
    expect(metrics).toMatch(
      new RegExp(
        `redline_gateway_rollout_shadow_agreement_total\\{candidate="${WORSE}",result="mismatch"\\} [1-9]`,
      ),
    );

    const advance = admin.advance({ id: rollout.id, reason: 'ship it' });
    await expect(advance).rejects.toBeInstanceOf(TRPCClientError);
    await expect(advance).rejects.toMatchObject({ data: { code: 'PRECONDITION_FAILED' } });
    await expect(advance).rejects.toThrow(/latest eval gate .* is FAIL/);
    const after = await status(rollout.id);
    expect(after.rollout).toMatchObject({ stage: 'shadow', gate: { verdict: 'FAIL' }, history: [] });
    expect(after.servingModel).toBe(BASE);

    await admin.rollback({ id: rollout.id, reason: 'gate FAIL' });
    expect((await status(rollout.id)).rollout.history).toMatchObject([
      { fromStage: 'shadow', toStage: 'rolled-back', actor: 'admin', reason: 'gate FAIL' },
    ]);
  });

  it('an equal candidate passes, canaries a stable half of the keys, and is promoted', async () => {
    const report = gate(await evalRun(NEXT));
    logGate(report);
    expect(report.verdict).toBe('PASS');
    const rollout = (await admin.start({ candidate: NEXT, baseline: BASE })) as RolloutView;
    await admin.recordGate({ rolloutId: rollout.id, verdict: report.verdict, report: gateJson(report) });

    const texts = baselineRun.items.slice(0, 6).map((i) => i.source);
    await check(apiKey, texts);
    const shadow = await shadowAnswered(rollout.id, texts.length);
    expect(shadow.errors).toBe(0);
    expect(shadow.agreement.exactMatchRate).toBe(1);

    const canary = (await admin.advance({ id: rollout.id, reason: 'gate PASS' })) as RolloutView;
    expect(canary).toMatchObject({ stage: 'canary', canaryPercent: 50 });
    // Enough keys to have users on both sides of the split (bounded).
    const keys: Array<{ id: string; key: string }> = [];
    const side = (id: string) => inCanary(rollout.id, id, 50);
    for (let i = 0; i < 40; i++) {
      const created = await db.apiKeys.create({ name: `rollouts-${run}-${i}` });
      keys.push({ id: created.id, key: created.key });
      const onCandidate = keys.filter((k) => side(k.id)).length;
      if (onCandidate >= 2 && keys.length - onCandidate >= 2) break;
    }
    const sample = texts.slice(0, 2);
    for (const { id, key } of keys) {
      const expected = side(id) ? NEXT : BASE;
      for (let round = 0; round < 2; round++) {
        expect((await check(key, sample)).map((r) => r.model)).toEqual([expected, expected]);
      }
    }
    const during = await status(rollout.id);
    expect(during.rollout.canary?.ok).toBeGreaterThan(0);
    expect(during.rollout.canary?.errors).toBe(0);

    const promoted = (await admin.advance({ id: rollout.id, reason: 'canary healthy' })) as RolloutView;
    expect(promoted.stage).toBe('promoted');
    for (const { key } of keys) expect((await check(key, sample.slice(0, 1)))[0]!.model).toBe(NEXT);
    const final = await status(rollout.id);
    expect(final.servingModel).toBe(NEXT);
    const readiness = (await (await fetch(`${gateway.url}/readyz`)).json()) as { servingModel: string };
    expect(readiness.servingModel).toBe(NEXT);
    expect(
      final.rollout.history.map((t) => `${t.fromStage}→${t.toStage} ${t.canaryPercent}% by ${t.actor}`),
    ).toEqual(['shadow→canary 50% by admin', 'canary→promoted 100% by admin']);
  });

  it('a canary whose pods start failing rolls back by itself (actor "system")', async () => {
    // Serving is now NEXT. WORSE gets a PASS recorded by hand so it can canary; then its pod fails every call.
    const rollout = (await admin.start({ candidate: WORSE, baseline: NEXT })) as RolloutView;
    await admin.recordGate({ rolloutId: rollout.id, verdict: 'PASS', report: { note: 'recorded by hand' } });
    await admin.advance({ id: rollout.id, reason: 'canary the failing pods' });
    fleetOf(WORSE).pods[0]!.setFaults({ errorRate: 1 });
    let canaryKey: string | undefined;
    for (let i = 0; i < 40 && !canaryKey; i++) {
      const created = await db.apiKeys.create({ name: `rollouts-${run}-slo-${i}` });
      if (inCanary(rollout.id, created.id, 50)) canaryKey = created.key;
    }
    if (!canaryKey) throw new Error('no canary key among 40 (p = 2^-40)');
    const texts = baselineRun.items.slice(20, 20 + CANARY_MIN_REQUESTS + 5).map((i) => i.source);
    let failed = 0;
    for (const text of texts) {
      const outcome = await check(canaryKey, [text]).catch(() => null);
      if (outcome === null) failed++;
      else expect(outcome[0]!.model).toBe(NEXT); // rolled back: the canary key is on the serving model again
    }
    // The rollback is decided at the 10th failure and applied asynchronously (stored, then picked up by the
    // traffic split), so a request already on its way may still reach the candidate; once it is stored, the
    // canary key is served by the serving model again (checked below).
    expect(failed).toBeGreaterThanOrEqual(CANARY_MIN_REQUESTS);
    const after = await waitFor(
      async () => {
        const { rollout: r } = await status(rollout.id);
        return r.stage === 'rolled-back' ? r : null;
      },
      5000,
      'automatic rollback stored',
    );
    expect(after?.history.at(-1)).toMatchObject({
      fromStage: 'canary',
      toStage: 'rolled-back',
      actor: 'system',
    });
    expect(after?.history.at(-1)?.reason).toMatch(/error rate 100\.0% > 1\.00% over 10 canary requests/);
    const again = await check(canaryKey, [texts[0]!]);
    expect(again[0]!.model).toBe(NEXT);
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toContain(`redline_gateway_rollout_auto_rollbacks_total{candidate="${WORSE}"} 1`);
  });

  it('rollouts.* needs the admin token', async () => {
    const user = createRolloutClient({ url: `${gateway.url}/trpc`, adminToken: apiKey });
    await expect(user.status({})).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
  });
});
