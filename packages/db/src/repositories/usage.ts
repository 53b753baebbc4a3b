import { and, asc, eq, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db-types.ts';
import { apiKeys, usage } from '../schema/index.ts';
import { isUuid, requireCount, requireDay, requireUuid } from './validation.ts';

export interface UsageRow {
  keyId: string;
  /** UTC day, 'YYYY-MM-DD'. */
  day: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
}

export interface UsageAddResult {
  /** (key, day) rows written. */
  rows: number;
  /** Key ids that do not exist: their rows were dropped (the rest were still written, once). */
  unknownKeys: string[];
}

export interface UsageRepository {
  /**
   * Add counters: one batched upsert over unnest() arrays (rows for the same key and day are summed first). Rows of keys
   * that do not exist are dropped and reported instead of failing the whole batch, so one bad row can
   * never wedge a batcher that retries.
   */
  add(rows: readonly UsageRow[]): Promise<UsageAddResult>;
  /** Daily rows of one key, oldest day first, optionally within [from, to] (inclusive days). */
  forKey(keyId: string, range?: { from?: string; to?: string }): Promise<UsageRow[]>;
}

/** Rows per statement: bounds statement size and the time one statement holds its row locks. */
export const MAX_ROWS_PER_STATEMENT = 10_000;

/** A PostgreSQL array literal; safe here because every value was validated (uuid, day, integer). */
function arrayLiteral(values: readonly (string | number)[]): string {
  return `{${values.join(',')}}`;
}

/**
 * One additive upsert for many rows with five array parameters (unnest) instead of five parameters per
 * row: building a 1,000-row VALUES list through the query builder costs 100+ ms of event-loop time,
 * this costs a few string joins, and the statement size no longer grows with bind parameters.
 */
function upsertStatement(rows: readonly UsageRow[]): SQL {
  return sql`insert into ${usage} (key_id, day, requests, input_tokens, output_tokens)
    select * from unnest(
      ${arrayLiteral(rows.map((r) => r.keyId))}::uuid[],
      ${arrayLiteral(rows.map((r) => r.day))}::date[],
      ${arrayLiteral(rows.map((r) => r.requests))}::bigint[],
      ${arrayLiteral(rows.map((r) => r.inputTokens))}::bigint[],
      ${arrayLiteral(rows.map((r) => r.outputTokens))}::bigint[]
    )
    on conflict (key_id, day) do update set
      requests = ${usage}.requests + excluded.requests,
      input_tokens = ${usage}.input_tokens + excluded.input_tokens,
      output_tokens = ${usage}.output_tokens + excluded.output_tokens`;
}

/** PostgreSQL foreign_key_violation (23503), possibly wrapped by drizzle as the error's cause. */
function isForeignKeyViolation(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) {
    if ((e as Error & { code?: unknown }).code === '23503') return true;
  }
  return false;
}

/** Sum rows sharing (keyId, day): one INSERT … ON CONFLICT may not touch the same row twice. */
export function mergeUsageRows(rows: readonly UsageRow[]): UsageRow[] {
  const merged = new Map<string, UsageRow>();
  for (const row of rows) {
    const key = `${row.keyId}|${row.day}`;
    const existing = merged.get(key);
    if (existing === undefined) merged.set(key, { ...row });
    else {
      existing.requests += row.requests;
      existing.inputTokens += row.inputTokens;
      existing.outputTokens += row.outputTokens;
    }
  }
  return [...merged.values()];
}

export function createUsageRepository(
  db: Db,
  { maxRowsPerStatement = MAX_ROWS_PER_STATEMENT }: { maxRowsPerStatement?: number } = {},
): UsageRepository {
  return {
    async add(rows) {
      for (const row of rows) {
        requireUuid('keyId', row.keyId);
        requireDay(row.day);
        requireCount('requests', row.requests);
        requireCount('inputTokens', row.inputTokens);
        requireCount('outputTokens', row.outputTokens);
      }
      const merged = mergeUsageRows(rows);
      if (merged.length === 0) return { rows: 0, unknownKeys: [] };
      const write = async (tx: Db, chunk: UsageRow[]) => {
        await tx.execute(upsertStatement(chunk));
      };
      const writeAll = async (all: UsageRow[]) => {
        if (all.length <= maxRowsPerStatement) return write(db, all);
        // Several statements: all or nothing, so a retry after failure never double-counts.
        await db.transaction(async (tx) => {
          for (let i = 0; i < all.length; i += maxRowsPerStatement) {
            await write(tx, all.slice(i, i + maxRowsPerStatement));
          }
        });
      };
      try {
        await writeAll(merged);
        return { rows: merged.length, unknownKeys: [] };
      } catch (error) {
        if (!isForeignKeyViolation(error)) throw error;
      }
      // The failed write was rolled back as a whole: drop rows of unknown keys and write the rest.
      const keyIds = [...new Set(merged.map((r) => r.keyId))];
      const existing = new Set<string>();
      for (let i = 0; i < keyIds.length; i += maxRowsPerStatement) {
        const found = await db
          .select({ id: apiKeys.id })
          .from(apiKeys)
          .where(inArray(apiKeys.id, keyIds.slice(i, i + maxRowsPerStatement)));
        for (const { id } of found) existing.add(id);
      }
      const kept = merged.filter((r) => existing.has(r.keyId));
      if (kept.length > 0) await writeAll(kept);
      return { rows: kept.length, unknownKeys: keyIds.filter((id) => !existing.has(id)) };
    },

    async forKey(keyId, range = {}) {
      if (!isUuid(keyId)) return [];
      const conditions = [eq(usage.keyId, keyId)];
      if (range.from !== undefined) conditions.push(gte(usage.day, requireDay(range.from)));
      if (range.to !== undefined) conditions.push(lte(usage.day, requireDay(range.to)));
      return db
        .select({
          keyId: usage.keyId,
          day: usage.day,
          requests: usage.requests,
          inputTokens: usage.inputTokens,
          outputTokens: usage.outputTokens,
        })
        .from(usage)
        .where(and(...conditions))
        .orderBy(asc(usage.day));
    },
  };
}
