import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseError } from './errors.ts';
import type { Database } from './open-database.ts';
import { hashApiKey } from './repositories/api-keys.ts';
import { createUsageRepository } from './repositories/usage.ts';
import { createUsageBatcher } from './usage-batcher.ts';

/** Run `fn`, expecting a DatabaseError; returns it so the code can be asserted. */
async function databaseError(fn: () => Promise<unknown>): Promise<DatabaseError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof DatabaseError) return error;
    throw error;
  }
  throw new Error('expected a DatabaseError');
}

/** Rows of a raw query on either driver (PGlite answers { rows }, postgres-js an array). */
export async function queryRows<T>(database: Database, query: SQL): Promise<T[]> {
  const result: unknown = await database.db.execute(query);
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}

const unique = (label: string) => `${label}-${Math.random().toString(36).slice(2, 10)}`;

/**
 * The repository contract, run against every driver (PGlite always, PostgreSQL when DATABASE_URL is
 * set). `open` must return a freshly migrated, empty database; the suite closes it.
 */
export function describeRepositories(name: string, open: () => Promise<Database>): void {
  describe(`repositories on ${name}`, () => {
    let database: Database;
    beforeAll(async () => {
      database = await open();
    }, 60_000);
    afterAll(async () => {
      await database?.close();
    });

    describe('apiKeys', () => {
      it('creates a key shown once and stores only its SHA-256', async () => {
        const created = await database.apiKeys.create({ name: 'laptop' });
        expect(created.key).toMatch(/^rl_[0-9A-Za-z]{32}$/);
        expect(created.key.startsWith(created.prefix)).toBe(true);
        expect(created.prefix.length).toBeLessThan(created.key.length);
        const rows = await queryRows<{ key_hash: string }>(
          database,
          sql`select key_hash from api_keys where id = ${created.id}`,
        );
        expect(rows).toEqual([{ key_hash: hashApiKey(created.key) }]);
        expect(JSON.stringify(rows)).not.toContain(created.key);
      });

      it('verifies active keys and rejects unknown, malformed and revoked ones', async () => {
        const created = await database.apiKeys.create({ name: unique('verify') });
        expect(await database.apiKeys.verify(created.key)).toEqual({ id: created.id, name: created.name });
        const flipped = created.key.slice(0, -1) + (created.key.endsWith('a') ? 'b' : 'a');
        expect(await database.apiKeys.verify(flipped)).toBeNull();
        expect(await database.apiKeys.verify('not a key')).toBeNull();
        expect(await database.apiKeys.revoke(created.id)).toBe(true);
        expect(await database.apiKeys.verify(created.key)).toBeNull();
        expect(await database.apiKeys.revoke(created.id)).toBe(false);
        expect(await database.apiKeys.revoke('00000000-0000-4000-8000-000000000000')).toBe(false);
        expect(await database.apiKeys.revoke('nope')).toBe(false);
      });

      it('lists keys without hashes', async () => {
        const created = await database.apiKeys.create({ name: unique('list') });
        await database.apiKeys.revoke(created.id);
        const listed = await database.apiKeys.list();
        const mine = listed.find((k) => k.id === created.id);
        expect(mine).toMatchObject({ name: created.name, prefix: created.prefix });
        expect(mine?.revokedAt).toBeInstanceOf(Date);
        for (const key of listed)
          expect(Object.keys(key).sort()).toEqual(['createdAt', 'id', 'name', 'prefix', 'revokedAt']);
      });

      it('rejects an empty name with a typed error', async () => {
        expect((await databaseError(() => database.apiKeys.create({ name: '  ' }))).code).toBe('BAD_INPUT');
      });
    });

    describe('usage', () => {
      it('adds counters per key and day with upserts that sum', async () => {
        const { id } = await database.apiKeys.create({ name: unique('usage') });
        await database.usage.add([
          { keyId: id, day: '2026-11-28', requests: 1, inputTokens: 50, outputTokens: 40 },
          { keyId: id, day: '2026-11-29', requests: 2, inputTokens: 100, outputTokens: 90 },
          { keyId: id, day: '2026-11-29', requests: 1, inputTokens: 10, outputTokens: 5 },
        ]);
        await database.usage.add([
          { keyId: id, day: '2026-11-29', requests: 3, inputTokens: 1, outputTokens: 2 },
        ]);
        expect(await database.usage.forKey(id)).toEqual([
          { keyId: id, day: '2026-11-28', requests: 1, inputTokens: 50, outputTokens: 40 },
          { keyId: id, day: '2026-11-29', requests: 6, inputTokens: 111, outputTokens: 97 },
        ]);
        expect(await database.usage.forKey(id, { from: '2026-11-29' })).toHaveLength(1);
        expect(await database.usage.forKey(id, { to: '2026-11-28' })).toHaveLength(1);
      });

      it('keeps every increment under concurrent upserts, beyond 32-bit totals', async () => {
        const { id } = await database.apiKeys.create({ name: unique('concurrent') });
        const big = 3_000_000_000;
        await Promise.all(
          Array.from({ length: 12 }, () =>
            database.usage.add([
              { keyId: id, day: '2026-01-01', requests: 1, inputTokens: big, outputTokens: 1 },
            ]),
          ),
        );
        expect(await database.usage.forKey(id)).toEqual([
          { keyId: id, day: '2026-01-01', requests: 12, inputTokens: 12 * big, outputTokens: 12 },
        ]);
      });

      it('splits big batches over several statements in one transaction', async () => {
        const { id } = await database.apiKeys.create({ name: unique('bulk') });
        // A small statement size exercises the multi-statement path without 10,000-row inserts.
        const repository = createUsageRepository(database.db, { maxRowsPerStatement: 40 });
        const day = (i: number) => new Date(Date.UTC(2000, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
        const rows = Array.from({ length: 130 }, (_, i) => ({
          keyId: id,
          day: day(i),
          requests: 1,
          inputTokens: i,
          outputTokens: 0,
        }));
        await repository.add(rows);
        const stored = await database.usage.forKey(id);
        expect(stored).toHaveLength(130);
        expect(stored.reduce((sum, r) => sum + r.inputTokens, 0)).toBe((129 * 130) / 2);
        expect(stored.reduce((sum, r) => sum + r.requests, 0)).toBe(130);
      });

      it('drops rows of unknown keys, writes the others exactly once, and reports them', async () => {
        const { id } = await database.apiKeys.create({ name: unique('partial') });
        const unknownKey = '00000000-0000-4000-8000-00000000beef';
        for (const maxRowsPerStatement of [10_000, 2]) {
          const repository = createUsageRepository(database.db, { maxRowsPerStatement });
          const result = await repository.add([
            { keyId: id, day: '2026-03-01', requests: 1, inputTokens: 10, outputTokens: 1 },
            { keyId: unknownKey, day: '2026-03-01', requests: 1, inputTokens: 1, outputTokens: 1 },
            { keyId: id, day: '2026-03-02', requests: 1, inputTokens: 20, outputTokens: 2 },
          ]);
          expect(result).toEqual({ rows: 2, unknownKeys: [unknownKey] });
        }
        expect(await database.usage.forKey(id)).toEqual([
          { keyId: id, day: '2026-03-01', requests: 2, inputTokens: 20, outputTokens: 2 },
          { keyId: id, day: '2026-03-02', requests: 2, inputTokens: 40, outputTokens: 4 },
        ]);
        expect(await database.usage.forKey(unknownKey)).toEqual([]);
      });

      it('rejects malformed rows before writing anything', async () => {
        const { id } = await database.apiKeys.create({ name: unique('bad-usage') });
        const good = { keyId: id, day: '2026-11-29', requests: 1, inputTokens: 1, outputTokens: 1 };
        for (const bad of [
          { day: '2026-02-30' },
          { day: '29/11/2026' },
          { requests: -1 },
          { inputTokens: 1.5 },
        ]) {
          const error = await databaseError(() => database.usage.add([good, { ...good, ...bad }]));
          expect(error.code).toBe('BAD_INPUT');
        }
        expect(await database.usage.forKey(id)).toEqual([]);
        expect(await database.usage.forKey('not-a-uuid')).toEqual([]);
      });

      it('batches requests in memory and flushes them with additive upserts', async () => {
        const { id } = await database.apiKeys.create({ name: unique('batcher') });
        const batcher = createUsageBatcher(database, {
          flushEveryMs: 60_000,
          maxRows: 1000,
          clock: () => Date.UTC(2026, 10, 29, 23, 59),
        });
        for (let i = 0; i < 500; i++) batcher.record({ keyId: id, inputTokens: 50, outputTokens: 50 });
        batcher.record({ keyId: id, inputTokens: 1, outputTokens: 1, day: '2026-11-30' });
        expect(await database.usage.forKey(id)).toEqual([]);
        await batcher.flush();
        batcher.record({ keyId: id, inputTokens: 7, outputTokens: 3, requests: 2 });
        await batcher.close();
        expect(await database.usage.forKey(id)).toEqual([
          { keyId: id, day: '2026-11-29', requests: 502, inputTokens: 25_007, outputTokens: 25_003 },
          { keyId: id, day: '2026-11-30', requests: 1, inputTokens: 1, outputTokens: 1 },
        ]);
      });
    });

    describe('feedback', () => {
      it('records actions and summarises them by action, category and model', async () => {
        const { id } = await database.apiKeys.create({ name: unique('feedback') });
        const model = unique('model');
        const before = await database.feedback.summary();
        await database.feedback.record({ keyId: id, action: 'applied', category: 'spelling', model });
        await database.feedback.recordMany([
          { keyId: id, action: 'applied', category: 'grammar', model },
          { keyId: id, action: 'dismissed', category: 'spelling', model },
          { keyId: id, action: 'ignored', category: 'spelling', model },
        ]);
        const after = await database.feedback.summary();
        expect(after.total - before.total).toBe(4);
        expect(after.byAction.applied - before.byAction.applied).toBe(2);
        expect(after.byAction.dismissed - before.byAction.dismissed).toBe(1);
        expect(after.byModel[model]).toBe(4);
        expect((after.byCategory.spelling ?? 0) - (before.byCategory.spelling ?? 0)).toBe(3);
        expect(after.rows.filter((r) => r.model === model)).toEqual([
          { action: 'applied', category: 'grammar', model, count: 1 },
          { action: 'applied', category: 'spelling', model, count: 1 },
          { action: 'dismissed', category: 'spelling', model, count: 1 },
          { action: 'ignored', category: 'spelling', model, count: 1 },
        ]);
        const future = await database.feedback.summary({ since: new Date(Date.now() + 60_000) });
        expect(future.total).toBe(0);
      });

      it('has no column that could hold the user text', async () => {
        const rows = await queryRows<{ column_name: string }>(
          database,
          sql`select column_name from information_schema.columns where table_name = 'feedback' and table_schema = current_schema() order by column_name`,
        );
        expect(rows.map((r) => r.column_name)).toEqual([
          'action',
          'category',
          'created_at',
          'id',
          'key_id',
          'model',
        ]);
      });

      it('rejects unknown actions', async () => {
        const { id } = await database.apiKeys.create({ name: unique('bad-feedback') });
        const bad = { keyId: id, action: 'liked', category: 'spelling', model: 'm' } as unknown as Parameters<
          Database['feedback']['record']
        >[0];
        expect((await databaseError(() => database.feedback.record(bad))).code).toBe('BAD_INPUT');
      });
    });

    describe('models', () => {
      it('upserts by name, replacing endpoints', async () => {
        const name = unique('model');
        const first = await database.models.upsert({ name, endpoints: ['http://10.0.0.1:8000'] });
        const second = await database.models.upsert({
          name,
          endpoints: ['http://10.0.0.2:8000', 'https://b.example'],
        });
        expect(second.id).toBe(first.id);
        expect((await database.models.get(name))?.endpoints).toEqual([
          'http://10.0.0.2:8000',
          'https://b.example',
        ]);
        expect(await database.models.get(unique('missing'))).toBeNull();
        const names = (await database.models.list()).map((m) => m.name);
        expect(names).toContain(name);
        expect([...names].sort()).toEqual(names);
      });

      it('rejects endpoints that are not http(s) URLs', async () => {
        for (const endpoints of [['not a url'], ['ftp://x'], 'http://x' as unknown as string[]]) {
          expect(
            (await databaseError(() => database.models.upsert({ name: unique('m'), endpoints }))).code,
          ).toBe('BAD_INPUT');
        }
      });
    });

    describe('rollouts', () => {
      it('walks shadow → canary → promoted, recording every transition', async () => {
        const rollout = await database.rollouts.create({ candidate: unique('cand'), baseline: 'base' });
        expect(rollout).toMatchObject({ stage: 'shadow', canaryPercent: 0 });
        expect((await database.rollouts.active()).map((r) => r.id)).toContain(rollout.id);
        await database.rollouts.transition(rollout.id, {
          to: 'canary',
          actor: 'gate',
          reason: 'PASS',
          canaryPercent: 5,
        });
        const widened = await database.rollouts.transition(rollout.id, {
          to: 'canary',
          actor: 'ops',
          reason: 'widen',
          canaryPercent: 50,
        });
        expect(widened).toMatchObject({ stage: 'canary', canaryPercent: 50 });
        const promoted = await database.rollouts.transition(rollout.id, {
          to: 'promoted',
          actor: 'ops',
          reason: 'good',
        });
        expect(promoted).toMatchObject({ stage: 'promoted', canaryPercent: 100 });
        expect(promoted.updatedAt.getTime()).toBeGreaterThanOrEqual(rollout.updatedAt.getTime());
        expect(await database.rollouts.get(rollout.id)).toEqual(promoted);
        expect((await database.rollouts.active()).map((r) => r.id)).not.toContain(rollout.id);
        const history = await database.rollouts.history(rollout.id);
        expect(history.map((h) => [h.fromStage, h.toStage, h.canaryPercent, h.actor, h.reason])).toEqual([
          ['shadow', 'canary', 5, 'gate', 'PASS'],
          ['canary', 'canary', 50, 'ops', 'widen'],
          ['canary', 'promoted', 100, 'ops', 'good'],
        ]);
      });

      it('refuses invalid transitions without writing history', async () => {
        const rollout = await database.rollouts.create({ candidate: unique('cand'), baseline: 'base' });
        const error = await databaseError(() =>
          database.rollouts.transition(rollout.id, { to: 'promoted', actor: 'x', reason: 'skip' }),
        );
        expect(error.code).toBe('INVALID_TRANSITION');
        const noPercent = await databaseError(() =>
          database.rollouts.transition(rollout.id, { to: 'canary', actor: 'x', reason: 'y' }),
        );
        expect(noPercent.code).toBe('BAD_INPUT');
        const tooMuch = await databaseError(() =>
          database.rollouts.transition(rollout.id, {
            to: 'canary',
            actor: 'x',
            reason: 'y',
            canaryPercent: 101,
          }),
        );
        expect(tooMuch.code).toBe('BAD_INPUT');
        await database.rollouts.transition(rollout.id, { to: 'rolled-back', actor: 'x', reason: 'bad eval' });
        const final = await databaseError(() =>
          database.rollouts.transition(rollout.id, {
            to: 'canary',
            actor: 'x',
            reason: 'retry',
            canaryPercent: 1,
          }),
        );
        expect(final.code).toBe('INVALID_TRANSITION');
        expect((await database.rollouts.history(rollout.id)).map((h) => h.toStage)).toEqual(['rolled-back']);
        const missing = await databaseError(() =>
          database.rollouts.transition('00000000-0000-4000-8000-000000000000', {
            to: 'canary',
            actor: 'x',
            reason: 'y',
            canaryPercent: 1,
          }),
        );
        expect(missing.code).toBe('NOT_FOUND');
        expect(await database.rollouts.get('nope')).toBeNull();
      });

      it('serialises racing transitions: exactly one of promote / roll back wins', async () => {
        const rollout = await database.rollouts.create({ candidate: unique('cand'), baseline: 'base' });
        await database.rollouts.transition(rollout.id, {
          to: 'canary',
          actor: 'gate',
          reason: 'go',
          canaryPercent: 10,
        });
        const outcomes = await Promise.allSettled([
          database.rollouts.transition(rollout.id, { to: 'promoted', actor: 'a', reason: 'good' }),
          database.rollouts.transition(rollout.id, { to: 'rolled-back', actor: 'b', reason: 'bad' }),
        ]);
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        const rejected = outcomes.find((o) => o.status === 'rejected');
        expect(
          rejected?.status === 'rejected' && rejected.reason instanceof DatabaseError && rejected.reason.code,
        ).toBe('INVALID_TRANSITION');
        expect(await database.rollouts.history(rollout.id)).toHaveLength(2);
      });
    });

    describe('gateResults', () => {
      it('records verdicts with their report and returns the latest per pair', async () => {
        const candidate = unique('cand');
        await database.gateResults.record({
          candidate,
          baseline: 'base',
          verdict: 'FAIL',
          report: { f05: 0.41 },
        });
        const report = { f05: 0.52, ci: [0.5, 0.54], perCategory: { spelling: { tp: 3 } }, note: 'ünïcødé' };
        const second = await database.gateResults.record({
          candidate,
          baseline: 'base',
          verdict: 'PASS',
          report,
        });
        await database.gateResults.record({
          candidate,
          baseline: 'other',
          verdict: 'INCONCLUSIVE',
          report: {},
        });
        const latest = await database.gateResults.latest(candidate, 'base');
        expect(latest).toEqual(second);
        expect(latest?.report).toEqual(report);
        expect(await database.gateResults.latest(candidate, 'nobody')).toBeNull();
        const bare = unique('bare');
        await database.gateResults.record({
          candidate: bare,
          baseline: 'base',
          verdict: 'PASS',
          report: null,
        });
        expect((await database.gateResults.latest(bare, 'base'))?.report).toBeNull();
        const bad = 'MAYBE' as unknown as 'PASS';
        expect(
          (
            await databaseError(() =>
              database.gateResults.record({ candidate, baseline: 'b', verdict: bad, report: {} }),
            )
          ).code,
        ).toBe('BAD_INPUT');
      });
    });
  });
}
