import { createHedgeBudget } from '@redline/router';
import { describe, expect, it } from 'vitest';
import { fakePool } from '../../test/support/fake-pool.ts';
import { GatewayError } from '../errors.ts';
import { GatewayMetrics } from '../observability/metrics.ts';
import type { ModelPool } from '../pools/model-pool.ts';
import { AttemptFailure } from './attempt-failure.ts';
import { type AttemptContext, callWithRetries } from './call-with-retries.ts';
import type { HedgeOption } from './hedged-attempt.ts';

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

/** An upstream whose first token takes `ttftMs[id]`, then answers with its id. */
function upstream(ttftMs: Record<string, number>, aborted: string[]) {
  return async ({ handle, signal, claim }: AttemptContext) => {
    const id = handle.endpoint.id;
    signal.addEventListener('abort', () => aborted.push(id));
    await sleep(ttftMs[id]!, signal);
    if (!claim()) throw new Error('lost');
    await sleep(5, signal);
    return { value: `answer from ${id}`, outputTokens: 3 };
  };
}

function hedgeOption(afterMs: number, budget = createHedgeBudget()): HedgeOption {
  return { afterMs, budget, activeRequests: () => 1 };
}

function run(pool: ModelPool, hedge: HedgeOption, attempt: ReturnType<typeof upstream>) {
  const metrics = new GatewayMetrics();
  const clock = { now: () => performance.now() };
  const promise = callWithRetries({
    pool,
    clock,
    random: () => 0.5,
    metrics,
    signal: new AbortController().signal,
    deadlineAt: clock.now() + 5000,
    hedge,
    attempt,
  });
  return { promise, metrics };
}

async function hedgeCount(metrics: GatewayMetrics, outcome: string): Promise<number> {
  const values = (await metrics.hedges.get()).values;
  return values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
}

describe('hedged attempts', () => {
  it('sends a copy to another pod when the first has no token in time, and the faster one answers', async () => {
    const { pool, outcomes, picks } = fakePool(['slow', 'fast']);
    const aborted: string[] = [];
    const { promise, metrics } = run(pool, hedgeOption(40), upstream({ slow: 2000, fast: 10 }, aborted));
    const started = performance.now();
    expect(await promise).toBe('answer from fast');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(picks.map((p) => p.id)).toEqual(['slow', 'fast']);
    expect(aborted).toContain('slow');
    // The slower pod is released without blame; the hedge's pod gets the success.
    expect(outcomes).toContainEqual({ id: 'slow', outcome: { kind: 'failure', reason: 'cancelled' } });
    expect(outcomes).toContainEqual({ id: 'fast', outcome: { kind: 'success', outputTokens: 3 } });
    expect(await hedgeCount(metrics, 'sent')).toBe(1);
    expect(await hedgeCount(metrics, 'won')).toBe(1);
  });

  it('keeps the first attempt when its token comes after the hedge was sent but before the hedge’s', async () => {
    const { pool, outcomes } = fakePool(['a', 'b']);
    const aborted: string[] = [];
    const { promise, metrics } = run(pool, hedgeOption(30), upstream({ a: 60, b: 1000 }, aborted));
    expect(await promise).toBe('answer from a');
    expect(aborted).toEqual(['b']);
    expect(outcomes).toContainEqual({ id: 'b', outcome: { kind: 'failure', reason: 'cancelled' } });
    expect(await hedgeCount(metrics, 'sent')).toBe(1);
    expect(await hedgeCount(metrics, 'won')).toBe(0);
  });

  it('sends no copy when the first token arrives in time', async () => {
    const { pool, picks } = fakePool(['a', 'b']);
    const { promise, metrics } = run(pool, hedgeOption(200), upstream({ a: 5, b: 5 }, []));
    expect(await promise).toBe('answer from a');
    expect(picks.map((p) => p.id)).toEqual(['a']);
    expect(await hedgeCount(metrics, 'sent')).toBe(0);
  });

  it('sends no copy when the hedge budget is spent', async () => {
    const { pool, picks } = fakePool(['a', 'b']);
    const budget = createHedgeBudget({ budgetRatio: 0, minConcurrency: 0 });
    const { promise, metrics } = run(pool, hedgeOption(20, budget), upstream({ a: 80, b: 5 }, []));
    expect(await promise).toBe('answer from a');
    expect(picks.map((p) => p.id)).toEqual(['a']);
    expect(await hedgeCount(metrics, 'denied')).toBe(1);
  });

  it('lets the hedge carry on alone when the first attempt fails after it was sent', async () => {
    const { pool } = fakePool(['a', 'b']);
    const attempt = async (ctx: AttemptContext) => {
      if (ctx.handle.endpoint.id === 'a') {
        await sleep(40, ctx.signal);
        throw new AttemptFailure('reset', true, new GatewayError('upstream_failed', 'connection reset'));
      }
      return upstream({ b: 60 }, [])(ctx);
    };
    const { promise } = run(pool, hedgeOption(20), attempt);
    expect(await promise).toBe('answer from b');
  });
});
