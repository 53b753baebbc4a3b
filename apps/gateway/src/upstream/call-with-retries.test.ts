import { describe, expect, it } from 'vitest';
import { fakePool } from '../../test/support/fake-pool.ts';
import { GatewayError } from '../errors.ts';
import { GatewayMetrics } from '../observability/metrics.ts';
import { AttemptFailure } from './attempt-failure.ts';
import { callWithRetries } from './call-with-retries.ts';

const base = {
  clock: { now: () => performance.now() },
  random: () => 0.5,
  metrics: new GatewayMetrics(),
  signal: new AbortController().signal,
};

const resetFailure = () =>
  new AttemptFailure('reset', true, new GatewayError('upstream_failed', 'stream cut'));

type Attempt = Parameters<typeof callWithRetries<string>>[0]['attempt'];
type Handle = Parameters<Attempt>[0]['handle'];

/** An attempt whose stream is cut on endpoint 'a', and that `then` answers elsewhere. */
const cutOnA =
  (then: (handle: Handle) => { value: string; outputTokens: number }): Attempt =>
  async ({ handle }) => {
    if (handle.endpoint.id === 'a') throw resetFailure();
    return then(handle);
  };

describe('callWithRetries', () => {
  it('retries a retryable failure on a different endpoint and reports both outcomes', async () => {
    const { pool, outcomes, picks } = fakePool(['a', 'b', 'c']);
    const value = await callWithRetries({
      ...base,
      pool,
      deadlineAt: base.clock.now() + 2000,
      attempt: cutOnA((handle) => ({ value: `ok from ${handle.endpoint.id}`, outputTokens: 7 })),
    });
    expect(value).toBe('ok from b');
    expect(picks).toEqual([
      { id: 'a', exclude: [] },
      { id: 'b', exclude: ['a'] },
    ]);
    expect(outcomes).toEqual([
      { id: 'a', outcome: { kind: 'failure', reason: 'reset' } },
      { id: 'b', outcome: { kind: 'success', outputTokens: 7 } },
    ]);
  });

  it('tells the router the expected output length on every pick, the retry’s too', async () => {
    const { pool, hints } = fakePool(['a', 'b']);
    await callWithRetries({
      ...base,
      pool,
      deadlineAt: base.clock.now() + 2000,
      outputTokensHint: 23,
      attempt: cutOnA(() => ({ value: 'ok', outputTokens: 23 })),
    });
    expect(hints).toEqual([23, 23]);
  });

  it('does not retry a non-retryable failure', async () => {
    const { pool, picks } = fakePool(['a', 'b']);
    const error = await callWithRetries({
      ...base,
      pool,
      deadlineAt: base.clock.now() + 2000,
      attempt: async () => {
        throw new AttemptFailure(undefined, false, new GatewayError('invalid_request', 'bad prompt'));
      },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'invalid_request' });
    expect(picks).toHaveLength(1);
  });

  it('stops when the retry budget is exhausted and reports the original failure', async () => {
    const { pool, picks } = fakePool(['a', 'b', 'c'], 0);
    const error = await callWithRetries({
      ...base,
      pool,
      deadlineAt: base.clock.now() + 2000,
      attempt: async () => {
        throw resetFailure();
      },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'upstream_failed' });
    expect(picks).toHaveLength(1);
  });

  it('gives up when no other endpoint is left, with the last failure', async () => {
    const { pool, picks } = fakePool(['a', 'b']);
    const error = await callWithRetries({
      ...base,
      pool,
      deadlineAt: base.clock.now() + 2000,
      attempt: async () => {
        throw resetFailure();
      },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'upstream_failed' });
    expect(picks.map((p) => p.id)).toEqual(['a', 'b']);
  });

  it('times out a hung attempt and retries it elsewhere within the deadline', async () => {
    const { pool, outcomes } = fakePool(['hung', 'fine']);
    const started = performance.now();
    const value = await callWithRetries({
      ...base,
      pool,
      deadlineAt: base.clock.now() + 1000,
      policy: { attemptTimeoutMs: 200 },
      attempt: ({ handle, signal }) =>
        handle.endpoint.id === 'fine'
          ? Promise.resolve({ value: 'done', outputTokens: 1 })
          : new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    });
    expect(value).toBe('done');
    expect(performance.now() - started).toBeLessThan(900);
    expect(outcomes[0]).toEqual({ id: 'hung', outcome: { kind: 'failure', reason: 'timeout' } });
  });

  it('fails with deadline_exceeded when every attempt hangs', async () => {
    const { pool } = fakePool(['a', 'b', 'c']);
    const started = performance.now();
    const error = await callWithRetries({
      ...base,
      pool,
      deadlineAt: base.clock.now() + 300,
      attempt: ({ signal }) =>
        new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'deadline_exceeded' });
    expect(performance.now() - started).toBeLessThan(600);
  });

  it('keeps an attempt that waits in a live pod’s queue past the attempt timeout, until the deadline', async () => {
    const { pool, picks } = fakePool(['a', 'b']);
    const value = await callWithRetries({
      ...base,
      pool,
      deadlineAt: base.clock.now() + 500,
      attempt: async ({ handle, signal }) => {
        // The pod's load report says it has a queue; the answer comes at 70 % of the deadline (attempt
        // timeout: 60 %).
        handle.reportLoad({ numRequestsWaiting: 12, kvCacheUsagePerc: 0.5 });
        await new Promise((resolve, reject) => {
          const timer = setTimeout(resolve, 350);
          signal.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(signal.reason);
          });
        });
        return { value: `from ${handle.endpoint.id}`, outputTokens: 1 };
      },
    });
    expect(value).toBe('from a');
    expect(picks.map((p) => p.id)).toEqual(['a']);
  });

  it('does not blame a pod that was working on the request when its deadline came', async () => {
    const never = (signal: AbortSignal) =>
      new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    // Queued: the pod reported a queue, and no token came before the deadline (a burst, not a broken pod).
    const queued = fakePool(['a']);
    const error = await callWithRetries({
      ...base,
      pool: queued.pool,
      deadlineAt: base.clock.now() + 200,
      attempt: ({ handle, signal }) => {
        handle.reportLoad({ numRequestsWaiting: 30, kvCacheUsagePerc: 0.9 });
        return never(signal);
      },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'deadline_exceeded' });
    expect(queued.outcomes).toEqual([{ id: 'a', outcome: { kind: 'failure', reason: 'cancelled' } }]);
    // Streaming: admitted late, still decoding at the deadline.
    const streaming = fakePool(['a']);
    await callWithRetries({
      ...base,
      pool: streaming.pool,
      deadlineAt: base.clock.now() + 200,
      attempt: ({ handle, signal }) => {
        handle.firstToken();
        return never(signal);
      },
    }).catch(() => undefined);
    expect(streaming.outcomes).toEqual([{ id: 'a', outcome: { kind: 'failure', reason: 'cancelled' } }]);
  });

  it('gives up on a silent attempt at the attempt timeout and retries elsewhere', async () => {
    const { pool, picks } = fakePool(['a', 'b']);
    const value = await callWithRetries({
      ...base,
      pool,
      deadlineAt: base.clock.now() + 500,
      attempt: ({ handle, signal }) =>
        handle.endpoint.id === 'a'
          ? new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)))
          : Promise.resolve({ value: 'from b', outputTokens: 1 }),
    });
    expect(value).toBe('from b');
    expect(picks.map((p) => p.id)).toEqual(['a', 'b']);
  });

  it('maps a client abort to client_closed and releases the endpoint as cancelled', async () => {
    const { pool, outcomes } = fakePool(['a']);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = await callWithRetries({
      ...base,
      signal: controller.signal,
      pool,
      deadlineAt: base.clock.now() + 2000,
      attempt: ({ signal }) =>
        new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'client_closed' });
    expect(outcomes).toEqual([{ id: 'a', outcome: { kind: 'failure', reason: 'cancelled' } }]);
  });

  it('gives a retry’s budget token back at its first token, not at the end of the response', async () => {
    const { pool, heldRetries } = fakePool(['a', 'b']);
    const heldAt: Record<string, number> = {};
    const value = await callWithRetries({
      ...base,
      pool,
      deadlineAt: base.clock.now() + 2000,
      attempt: cutOnA((handle) => {
        heldAt.beforeFirstToken = heldRetries();
        handle.firstToken();
        heldAt.streaming = heldRetries(); // the rest of the response is still to come
        return { value: 'ok', outputTokens: 7 };
      }),
    });
    expect(value).toBe('ok');
    expect(heldAt).toEqual({ beforeFirstToken: 1, streaming: 0 });
    expect(heldRetries()).toBe(0);
  });

  it('gives the retry budget back when the client leaves during a backoff', async () => {
    const { pool, picks, heldRetries } = fakePool(['a', 'b', 'c']);
    const controller = new AbortController();
    const error = await callWithRetries({
      ...base,
      signal: controller.signal,
      pool,
      deadlineAt: base.clock.now() + 2000,
      policy: { baseMs: 400 }, // the second retry waits 0.5 × 400 ms
      attempt: async ({ handle }) => {
        if (handle.endpoint.id === 'b') setTimeout(() => controller.abort(), 20); // during that wait
        throw resetFailure();
      },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'client_closed' });
    expect(picks.map((p) => p.id)).toEqual(['a', 'b']);
    expect(heldRetries()).toBe(0);
  });

  it('turns a shed pick into overloaded with the router’s retry-after', async () => {
    const { pool } = fakePool(['a']);
    pool.router.pick = () => ({ ok: false, reason: 'shed', retryAfterMs: 750 });
    const error = await callWithRetries({
      ...base,
      pool,
      deadlineAt: base.clock.now() + 2000,
      attempt: async () => ({ value: 'never', outputTokens: 0 }),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'overloaded', retryAfterMs: 750 });
  });
});
