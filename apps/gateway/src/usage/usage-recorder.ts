import { createUsageBatcher, type Database } from '@redline/db';
import type { Logger } from 'pino';

export interface UsageDelta {
  requests?: number;
  inputTokens?: number;
  outputTokens?: number;
}

/** Per-key usage metering on the request path: in memory, never a DB round trip per request. */
export interface UsageRecorder {
  record(keyId: string, delta: UsageDelta): void;
  /** Write what is pending now (tests, shutdown). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface UsageRecorderOptions {
  /** Flush period. Default 5000 ms. */
  flushEveryMs?: number;
  /** Flush early once this many (key, day) rows are pending. Default 1000. */
  maxRows?: number;
  logger: Logger;
}

/**
 * Usage goes to @redline/db's usage batcher, which sums per (key, UTC day) in memory and writes one additive
 * upsert per flush; at 200k requests/s that is a handful of rows per period instead of a write per request.
 */
export function createUsageRecorder(
  db: Pick<Database, 'usage'>,
  options: UsageRecorderOptions,
): UsageRecorder {
  const batcher = createUsageBatcher(db, {
    flushEveryMs: options.flushEveryMs ?? 5000,
    maxRows: options.maxRows ?? 1000,
    onError: (error) =>
      options.logger.error({ err: error }, 'usage flush failed; rows kept for the next flush'),
  });
  let closed = false;
  return {
    record(keyId, delta) {
      if (closed) return; // a straggler finishing after shutdown: nothing left to write it to
      batcher.record({
        keyId,
        requests: delta.requests ?? 1,
        inputTokens: delta.inputTokens ?? 0,
        outputTokens: delta.outputTokens ?? 0,
      });
    },
    flush: () => batcher.flush(),
    close() {
      closed = true;
      return batcher.close();
    },
  };
}

export async function openGatewayDatabase(options: { databaseUrl?: string; dataDir?: string }) {
  const { openDatabase } = await import('@redline/db');
  if (options.databaseUrl) return openDatabase({ url: options.databaseUrl });
  if (options.dataDir) return openDatabase({ dataDir: options.dataDir });
  return openDatabase({ memory: true });
}
