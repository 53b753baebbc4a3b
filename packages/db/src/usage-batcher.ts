import { DatabaseError } from './errors.ts';
import type { Database } from './open-database.ts';
import { mergeUsageRows, type UsageRow } from './repositories/usage.ts';
import { utcDay } from './repositories/validation.ts';

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
  /** Count one request in memory. Never touches the database. */
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
  let pending = new Map<string, UsageRow>();
  let inFlight: Promise<void> = Promise.resolve();
  let closed = false;

  const merge = (row: UsageRow) => {
    const key = `${row.keyId}|${row.day}`;
    const existing = pending.get(key);
    if (existing === undefined) pending.set(key, { ...row });
    else {
      existing.requests += row.requests;
      existing.inputTokens += row.inputTokens;
      existing.outputTokens += row.outputTokens;
    }
  };

  const flush = (): Promise<void> => {
    inFlight = inFlight.then(async () => {
      if (pending.size === 0) return;
      const rows = [...pending.values()];
      pending = new Map();
      try {
        const { unknownKeys } = await db.usage.add(mergeUsageRows(rows));
        if (unknownKeys.length > 0) {
          onError(
            new DatabaseError('NOT_FOUND', `usage of unknown API keys dropped: ${unknownKeys.join(', ')}`),
          );
        }
      } catch (error) {
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
      merge({
        keyId: event.keyId,
        day: event.day ?? utcDay(clock()),
        requests: event.requests ?? 1,
        inputTokens: event.inputTokens,
        outputTokens: event.outputTokens,
      });
      if (pending.size >= maxRows) void flush();
    },
    flush,
    async close() {
      closed = true;
      clearInterval(timer);
      await flush();
    },
    get pendingRows() {
      return pending.size;
    },
  };
}
