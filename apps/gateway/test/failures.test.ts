import { createRedlineClient, redlineErrorCode } from '@redline/client';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startGateway } from '../src/index.ts';
import { ADMIN_TOKEN, type Stack, startStack, useTestDatabase, waitFor, waitReady } from './support/stack.ts';

const TEXT = 'Their going too the park tomorow, and they will bring there dog.';

async function collect<T>(stream: AsyncIterable<T> | Promise<AsyncIterable<T>>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of await stream) out.push(item);
  return out;
}

describe('failure handling', () => {
  const shared = useTestDatabase();
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  it('retries a segment on another pod when its pod crashes mid-stream', async () => {
    stack = await startStack({
      db: shared.db,
      pods: { count: 2, engine: 'echo', faults: [{ crashAfterTokens: 3 }, {}] },
      gateway: { policy: 'round-robin', deadlineMs: 3000 },
    });
    await waitReady(stack.gateway);
    const started = performance.now();
    const results = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        collect(stack!.client.correct.check.query({ segments: [{ id: `p${i}`, text: `${TEXT} (${i})` }] })),
      ),
    );
    expect(performance.now() - started).toBeLessThan(3000);
    for (const [i, r] of results.entries())
      expect(r).toEqual([expect.objectContaining({ segmentId: `p${i}` })]);
    expect(stack.fleet.pods[0]!.stats().crashed).toBeGreaterThan(0);
    const metrics = await (await fetch(`${stack.gateway.url}/metrics`)).text();
    expect(metrics).toMatch(
      /redline_gateway_retries_total\{pool="redline\/harper-gec",reason="reset"\} [1-9]/,
    );
  });

  it('ejects a pod that fails every request, and counts the ejection on /metrics', async () => {
    stack = await startStack({
      db: shared.db,
      pods: { count: 2, engine: 'echo', faults: [{ errorRate: 1 }, {}] },
      gateway: { policy: 'round-robin', deadlineMs: 3000 },
    });
    await waitReady(stack.gateway);
    // Round-robin keeps sending every other first attempt to the failing pod until 5 in a row have failed.
    for (let i = 0; i < 12; i++) {
      const r = await collect(
        stack.client.correct.check.query({ segments: [{ id: `e${i}`, text: `${TEXT} ${i}` }] }),
      );
      expect(r).toEqual([expect.objectContaining({ segmentId: `e${i}` })]);
    }
    expect(stack.fleet.pods[0]!.stats().faulted503).toBe(5);
    const metrics = await (await fetch(`${stack.gateway.url}/metrics`)).text();
    const ejections = [...metrics.matchAll(/redline_gateway_endpoint_ejections_total\{[^}]*\} (\d+)/g)].map(
      (m) => Number(m[1]),
    );
    expect(ejections.sort()).toEqual([0, 1]);
    expect(metrics).toMatch(/redline_gateway_endpoint_in_flight\{[^}]*state="ejected"\} 0/);
  });

  it('never leaves the client waiting past the deadline when every pod crashes or hangs', async () => {
    stack = await startStack({
      db: shared.db,
      pods: { count: 2, engine: 'echo', faults: [{ crashAfterTokens: 2 }, { hang: true }] },
      gateway: { deadlineMs: 1200 },
    });
    await waitReady(stack.gateway);
    const started = performance.now();
    const error = await collect(
      stack.client.correct.check.query({ segments: [{ id: 'x', text: TEXT }] }),
    ).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(redlineErrorCode(error)).toMatch(/BAD_GATEWAY|GATEWAY_TIMEOUT/);
    expect(elapsed).toBeLessThan(1200 + 400);
  });

  it('cancels the upstream request when the client aborts', async () => {
    stack = await startStack({
      db: shared.db,
      pods: { count: 1, engine: 'echo', faults: { slowdown: 50 } },
      gateway: { deadlineMs: 10_000 },
    });
    await waitReady(stack.gateway);
    const pod = stack.fleet.pods[0]!;
    const controller = new AbortController();
    const consumed = collect(
      await stack.client.correct.check.query(
        { segments: [{ id: 'a', text: TEXT }] },
        { signal: controller.signal },
      ),
    ).catch((e: unknown) => e);
    await waitFor(() => pod.stats().inFlight > 0, 3000, 'request to reach the pod');
    controller.abort();
    await consumed;
    await waitFor(() => pod.stats().inFlight === 0, 3000, 'pod in-flight to return to 0');
    expect(pod.stats().aborted).toBeGreaterThan(0);
    await waitFor(
      () => stack!.gateway.pools.defaultPool.router.snapshot().every((e) => e.inFlight === 0),
      3000,
      'router in-flight to return to 0',
    );
  });

  it('sheds load with TOO_MANY_REQUESTS / 429 + Retry-After when the router says so', async () => {
    stack = await startStack({ db: shared.db, pods: { count: 1, engine: 'echo' } });
    await waitReady(stack.gateway);
    const router = stack.gateway.pools.defaultPool.router;
    const realPick = router.pick.bind(router);
    router.pick = () => ({ ok: false, reason: 'shed', retryAfterMs: 1500 });
    try {
      const error = await collect(
        stack.client.correct.check.query({ segments: [{ id: 'x', text: 'Some text here.' }] }),
      ).catch((e: unknown) => e);
      expect(redlineErrorCode(error)).toBe('TOO_MANY_REQUESTS');
      const res = await fetch(`${stack.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'redline/harper-gec', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('2');
      expect(((await res.json()) as { error: { type: string } }).error.type).toBe('rate_limit_error');
    } finally {
      router.pick = realPick;
    }
  });

  it('on /v1 retries a stream that failed before its first byte, and ends one that failed after it', async () => {
    stack = await startStack({
      db: shared.db,
      pods: { count: 2, engine: 'echo', faults: [{ crashAfterTokens: 0 }, {}] },
      gateway: { policy: 'round-robin' },
    });
    await waitReady(stack.gateway);
    const openai = new OpenAI({ baseURL: `${stack.gateway.url}/v1`, apiKey: stack.apiKey, maxRetries: 0 });
    const request = {
      model: 'redline/harper-gec',
      messages: [{ role: 'user' as const, content: 'One two three four five six seven eight.' }],
      stream: true as const,
      max_tokens: 30,
    };
    // Pod 0 dies before sending anything: every request still succeeds, on pod 1.
    for (let i = 0; i < 4; i++) {
      let text = '';
      for await (const chunk of await openai.chat.completions.create(request)) {
        text += chunk.choices[0]?.delta?.content ?? '';
      }
      expect(text).toContain('eight');
    }
    expect(stack.fleet.pods[0]!.stats().crashed).toBeGreaterThan(0);

    // Both pods die after a few tokens: bytes already reached the client, so the stream ends in an error.
    for (const pod of stack.fleet.pods) pod.setFaults({ crashAfterTokens: 3 });
    const started = performance.now();
    const failure = await (async () => {
      for await (const _ of await openai.chat.completions.create(request)) {
        // consume until the error
      }
    })().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('answers SERVICE_UNAVAILABLE / 503 when the pool has no endpoints', async () => {
    const gateway = await startGateway({
      db: shared.db,
      endpoints: [],
      logLevel: 'silent',
      adminToken: ADMIN_TOKEN,
    });
    try {
      const key = await shared.db.apiKeys.create({ name: 'empty-pool' });
      const client = createRedlineClient({ url: gateway.url, apiKey: key.key });
      const error = await collect(
        client.correct.check.query({ segments: [{ id: 'a', text: 'Hello.' }] }),
      ).catch((e: unknown) => e);
      expect(redlineErrorCode(error)).toBe('SERVICE_UNAVAILABLE');
      const res = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'redline/harper-gec', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(res.status).toBe(503);
      expect((await fetch(`${gateway.url}/readyz`)).status).toBe(503);
    } finally {
      await gateway.close();
    }
  });
});
