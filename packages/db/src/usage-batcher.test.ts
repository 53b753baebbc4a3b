import { afterEach, describe, expect, it, vi } from 'vitest';
import { DatabaseError } from './errors.ts';
import type { UsageRepository, UsageRow } from './repositories/usage.ts';
import { createUsageBatcher } from './usage-batcher.ts';

const KEY_A = '11111111-1111-4111-8111-111111111111';
const KEY_B = '22222222-2222-4222-8222-222222222222';

/** In-memory stand-in for the usage repository that records each add() call. */
function fakeUsage(failTimes = 0) {
  const calls: UsageRow[][] = [];
  let failures = failTimes;
  const usage: UsageRepository = {
    async add(rows) {
      if (failures > 0) {
        failures--;
        throw new Error('database down');
      }
      calls.push(rows.map((r) => ({ ...r })));
      return { rows: rows.length, unknownKeys: [] };
    },
    async forKey() {
      return [];
    },
  };
  return { usage, calls };
}

describe('createUsageBatcher', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('aggregates per key and UTC day and writes one batch per flush', async () => {
    const { usage, calls } = fakeUsage();
    let now = Date.UTC(2026, 10, 29, 23, 59, 59);
    const batcher = createUsageBatcher({ usage }, { flushEveryMs: 60_000, maxRows: 100, clock: () => now });
    for (let i = 0; i < 1000; i++)
      batcher.record({ keyId: i % 2 ? KEY_A : KEY_B, inputTokens: 50, outputTokens: 40 });
    now += 2000; // past midnight UTC: a new day row
    batcher.record({ keyId: KEY_A, inputTokens: 1, outputTokens: 1 });
    expect(calls).toHaveLength(0);
    expect(batcher.pendingRows).toBe(3);
    await batcher.flush();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toEqual([
      { keyId: KEY_B, day: '2026-11-29', requests: 500, inputTokens: 25_000, outputTokens: 20_000 },
      { keyId: KEY_A, day: '2026-11-29', requests: 500, inputTokens: 25_000, outputTokens: 20_000 },
      { keyId: KEY_A, day: '2026-11-30', requests: 1, inputTokens: 1, outputTokens: 1 },
    ]);
    await batcher.flush();
    expect(calls).toHaveLength(1);
    await batcher.close();
  });

  it('flushes when maxRows distinct rows are pending', async () => {
    const { usage, calls } = fakeUsage();
    const batcher = createUsageBatcher({ usage }, { flushEveryMs: 60_000, maxRows: 3 });
    for (const day of ['2026-01-01', '2026-01-02'])
      batcher.record({ keyId: KEY_A, day, inputTokens: 1, outputTokens: 1 });
    expect(batcher.pendingRows).toBe(2);
    batcher.record({ keyId: KEY_A, day: '2026-01-03', inputTokens: 1, outputTokens: 1 });
    await batcher.flush();
    expect(calls[0]).toHaveLength(3);
    await batcher.close();
  });

  it('flushes on its timer', async () => {
    vi.useFakeTimers();
    const { usage, calls } = fakeUsage();
    const batcher = createUsageBatcher({ usage }, { flushEveryMs: 1000, maxRows: 100 });
    batcher.record({ keyId: KEY_A, inputTokens: 5, outputTokens: 5 });
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(1);
    await batcher.close();
  });

  it('keeps rows of a failed flush and writes them, merged, next time', async () => {
    const { usage, calls } = fakeUsage(1);
    const errors: unknown[] = [];
    const batcher = createUsageBatcher(
      { usage },
      {
        flushEveryMs: 60_000,
        maxRows: 100,
        onError: (e) => errors.push(e),
        clock: () => Date.UTC(2026, 0, 1),
      },
    );
    batcher.record({ keyId: KEY_A, inputTokens: 10, outputTokens: 1 });
    await batcher.flush();
    expect(errors).toHaveLength(1);
    expect(batcher.pendingRows).toBe(1);
    batcher.record({ keyId: KEY_A, inputTokens: 5, outputTokens: 1 });
    await batcher.close();
    expect(calls).toEqual([
      [{ keyId: KEY_A, day: '2026-01-01', requests: 2, inputTokens: 15, outputTokens: 2 }],
    ]);
  });

  it('reports rows of unknown keys without retrying them', async () => {
    const written: UsageRow[][] = [];
    const usage: UsageRepository = {
      async add(rows) {
        written.push([...rows]);
        return { rows: rows.length - 1, unknownKeys: [KEY_B] };
      },
      async forKey() {
        return [];
      },
    };
    const errors: unknown[] = [];
    const batcher = createUsageBatcher(
      { usage },
      { flushEveryMs: 60_000, maxRows: 100, onError: (e) => errors.push(e) },
    );
    batcher.record({ keyId: KEY_A, inputTokens: 1, outputTokens: 1 });
    batcher.record({ keyId: KEY_B, inputTokens: 1, outputTokens: 1 });
    await batcher.flush();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(DatabaseError);
    expect((errors[0] as DatabaseError).code).toBe('NOT_FOUND');
    expect(batcher.pendingRows).toBe(0);
    await batcher.close();
    expect(written).toHaveLength(1);
  });

  it('drops and reports malformed events at record time, keeping the batch clean', async () => {
    const { usage, calls } = fakeUsage();
    const errors: unknown[] = [];
    const batcher = createUsageBatcher(
      { usage },
      { flushEveryMs: 60_000, maxRows: 100, onError: (e) => errors.push(e) },
    );
    const bad = [
      { keyId: 'not-a-uuid', inputTokens: 1, outputTokens: 1 },
      { keyId: KEY_A, inputTokens: -1, outputTokens: 1 },
      { keyId: KEY_A, inputTokens: 1, outputTokens: Number.NaN },
      { keyId: KEY_A, inputTokens: 1, outputTokens: 1, day: '2026-13-01' },
    ];
    for (const event of bad) batcher.record(event);
    expect(errors).toHaveLength(bad.length);
    for (const error of errors) expect((error as DatabaseError).code).toBe('BAD_INPUT');
    expect(batcher.pendingRows).toBe(0);
    batcher.record({ keyId: KEY_A, inputTokens: 1, outputTokens: 1, day: '2026-01-01' });
    await batcher.close();
    expect(calls).toEqual([
      [{ keyId: KEY_A, day: '2026-01-01', requests: 1, inputTokens: 1, outputTokens: 1 }],
    ]);
  });

  it('refuses records after close', async () => {
    const { usage } = fakeUsage();
    const batcher = createUsageBatcher({ usage }, { flushEveryMs: 1000, maxRows: 10 });
    await batcher.close();
    expect(() => batcher.record({ keyId: KEY_A, inputTokens: 1, outputTokens: 1 })).toThrow(/closed/);
  });
});
