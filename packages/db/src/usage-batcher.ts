import { DatabaseError } from './errors.ts';
import type { Database } from './open-database.ts';
import type { UsageRow } from './repositories/usage.ts';
import { requireCount, requireDay, requireUuid, utcDay } from './repositories/validation.ts';

const DAY_MS = 86_400_000;

export interface UsageBatcherOptions {
  /** Flush period (ms). */
  flushEveryMs: number;
  /** Flush as soon as this many distinct (key, day) rows are pending. */
  maxRows: number;
  /** Epoch-ms clock deciding the UTC day of a request (injectable for tests). */
  clock?: () => number;
  /**
   * Called when a flush fails (the rows are kept and retried with the next flush) and when rows of
   * unknown keys were dropped (DatabaseError NOT_FOUND; not retried).
   */
  onError?: (error: unknown) => void;
}

export interface UsageEvent {
  keyId: string;
  inputTokens: number;
  outputTokens: number;
  /** Defaults to 1. */
  requests?: number;
  /** UTC 'YYYY-MM-DD'; defaults to the clock's current day. */
  day?: string;
}

export interface UsageBatcher {
  /**
   * Count one request in memory; never touches the database. A malformed event is dropped and reported
   * to onError as DatabaseError BAD_INPUT (metering never fails the request being metered).
   */
  record(event: UsageEvent): void;
  /** Write everything pending (one upsert); resolves when written. */
  flush(): Promise<void>;
  /** Stop the timer and flush what is left. */
  close(): Promise<void>;
  /** Distinct (key, day) rows waiting for the next flush. */
  readonly pendingRows: number;
}

/**
 * Aggregates usage per (key, UTC day) in memory and writes it with one additive upsert per flush —
 * at 200k requests/s a write per request is out of the question. Flushes run one at a time; a failed
 * flush merges its rows back so nothing is lost or double counted.
 */
export function createUsageBatcher(
  db: Pick<Database, 'usage'>,
  { flushEveryMs, maxRows, clock = Date.now, onError = () => {} }: UsageBatcherOptions,
): UsageBatcher {
  // day → keyId → row: nested maps avoid building a composite string key on every request.
  let pending = new Map<string, Map<string, UsageRow>>();
  let pendingCount = 0;
  let inFlight: Promise<void> = Promise.resolve();
  let closed = false;
  // The UTC day string only changes at midnight: cache it instead of formatting a Date per request.
  let dayStart = 0;
  let dayEnd = -1;
  let dayText = '';
  const today = (): string => {
    const now = clock();
    if (now < dayStart || now >= dayEnd) {
      dayStart = now - (((now % DAY_MS) + DAY_MS) % DAY_MS);
      dayEnd = dayStart + DAY_MS;
      dayText = utcDay(now);
    }
    return dayText;
  };

  const add = (keyId: string, day: string, requests: number, inputTokens: number, outputTokens: number) => {
    let byKey = pending.get(day);
    if (byKey === undefined) {
      byKey = new Map();
      pending.set(day, byKey);
    }
    const existing = byKey.get(keyId);
    if (existing === undefined) {
      byKey.set(keyId, { keyId, day, requests, inputTokens, outputTokens });
      pendingCount++;
    } else {
      existing.requests += requests;
      existing.inputTokens += inputTokens;
      existing.outputTokens += outputTokens;
    }
  };
  const merge = (row: UsageRow) => add(row.keyId, row.day, row.requests, row.inputTokens, row.outputTokens);

  const flush = (): Promise<void> => {
    inFlight = inFlight.then(async () => {
      if (pendingCount === 0) return;
      const rows: UsageRow[] = [];
      for (const byKey of pending.values()) for (const row of byKey.values()) rows.push(row);
      pending = new Map();
      pendingCount = 0;
      try {
        const { unknownKeys } = await db.usage.add(rows);
        if (unknownKeys.length > 0) {
          onError(
            new DatabaseError('NOT_FOUND', `usage of unknown API keys dropped: ${unknownKeys.join(', ')}`),
          );
        }
      } catch (error) {
        // Invalid input will never succeed: report it instead of retrying it forever.
        if (!(error instanceof DatabaseError && error.code === 'BAD_INPUT'))
          for (const row of rows) merge(row);
        onError(error);
      }
    });
    return inFlight;
  };

  const timer = setInterval(() => void flush(), flushEveryMs);
  // Do not keep the process alive just to flush usage.
  timer.unref?.();

  return {
    record(event) {
      if (closed) throw new Error('usage batcher is closed');
      // Validate here: one malformed row inside a batch would fail every flush. Metering must never fail
      // the request that is being metered, so a bad event is reported and dropped, not thrown.
      const requests = event.requests ?? 1;
      let day: string;
      try {
        requireUuid('keyId', event.keyId);
        requireCount('requests', requests);
        requireCount('inputTokens', event.inputTokens);
        requireCount('outputTokens', event.outputTokens);
        day = event.day === undefined ? today() : requireDay(event.day);
      } catch (error) {
        onError(error);
        return;
      }
      add(event.keyId, day, requests, event.inputTokens, event.outputTokens);
      if (pendingCount >= maxRows) void flush();
    },
    flush,
    async close() {
      closed = true;
      clearInterval(timer);
      await flush();
    },
    get pendingRows() {
      return pendingCount;
    },
  };
}
