import { applyEdits } from '@redline/edits';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack, useTestDatabase, waitReady } from './support/stack.ts';

describe('correct.check through the typed client', () => {
  const shared = useTestDatabase();
  let stack: Stack;
  beforeAll(async () => {
    // The L40S latency model (~22 ms per output token) makes a long segment take visibly longer than a short one.
    stack = await startStack({
      db: shared.db,
      pods: { count: 2, engine: 'harper', profile: 'l40s-llama3-8b' },
      gateway: { deadlineMs: 10_000 },
    });
    await waitReady(stack.gateway);
    // Warm every pod directly (harper's first lint and the first connections are slow) so timings mean something.
    await Promise.all(
      stack.fleet.pods.map(async (pod) => {
        const res = await fetch(`${pod.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ messages: [{ role: 'user', content: 'Warm up, pleese.' }], max_tokens: 8 }),
        });
        await res.text();
      }),
    );
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('streams harper corrections per segment, in completion order', async () => {
    const longText = 'This sentence is fine and has no mistakes at all in it. '.repeat(16).trim();
    const input = {
      segments: [
        { id: 'long', text: longText },
        { id: 'short', text: 'Their going too the park tomorow.' },
      ],
      dialect: 'american' as const,
    };
    const arrivals: { id: string; at: number; podsBusy: boolean }[] = [];
    const results = new Map<string, { edits: unknown[]; model: string; cached: boolean }>();
    const started = performance.now();
    const stream = await stack.client.correct.check.query(input);
    for await (const result of stream) {
      const podsBusy = stack.fleet.pods.some((pod) => pod.stats().inFlight > 0);
      arrivals.push({ id: result.segmentId, at: performance.now() - started, podsBusy });
      results.set(result.segmentId, result);
    }
    expect(arrivals.map((a) => a.id)).toEqual(['short', 'long']);
    // Streamed, not batched: the short result reached the client while the long one was still being generated.
    expect(arrivals[0]!.podsBusy).toBe(true);
    expect(arrivals[1]!.at).toBeGreaterThan(arrivals[0]!.at);

    const short = results.get('short')!;
    expect(short.model).toBe('redline/harper-gec');
    expect(short.cached).toBe(false);
    expect(short.edits.length).toBeGreaterThan(0);
    const corrected = applyEdits(input.segments[1]!.text, short.edits as Parameters<typeof applyEdits>[1]);
    expect(corrected).not.toBe(input.segments[1]!.text);
    expect(corrected).toContain('tomorrow');
    for (const edit of short.edits as { category: string; original: string; replacement: string }[]) {
      expect(typeof edit.category).toBe('string');
      expect(edit.original).not.toBe(edit.replacement);
    }
  });

  it('serves a repeated segment from the cache, keyed by dialect', async () => {
    const text = 'I recieved the package yesterday.';
    const first = [];
    for await (const r of await stack.client.correct.check.query({ segments: [{ id: 'a', text }] }))
      first.push(r);
    const second = [];
    for await (const r of await stack.client.correct.check.query({ segments: [{ id: 'b', text }] }))
      second.push(r);
    const british = [];
    for await (const r of await stack.client.correct.check.query({
      segments: [{ id: 'c', text }],
      dialect: 'british',
    })) {
      british.push(r);
    }
    expect(first[0]?.cached).toBe(false);
    expect(second[0]).toMatchObject({ segmentId: 'b', cached: true, edits: first[0]?.edits });
    expect(british[0]?.cached).toBe(false);
    const metrics = await (await fetch(`${stack.gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/redline_gateway_correction_cache_total\{result="hit"\} [1-9]/);
  });

  it('sends identical segments in flight at the same time to the pods once', async () => {
    const text = 'We was late for the meating.';
    const requestsBefore = stack.fleet.pods.reduce((n, pod) => n + pod.stats().requests, 0);
    const results = [];
    for await (const r of await stack.client.correct.check.query({
      segments: [
        { id: 'first', text },
        { id: 'again', text },
      ],
    })) {
      results.push(r);
    }
    const requestsAfter = stack.fleet.pods.reduce((n, pod) => n + pod.stats().requests, 0);
    expect(requestsAfter - requestsBefore).toBe(1);
    expect(results.map((r) => r.segmentId).sort()).toEqual(['again', 'first']);
    expect(results[0]?.edits).toEqual(results[1]?.edits);
  });

  it('answers whitespace-only segments without an upstream call', async () => {
    const out = [];
    for await (const r of await stack.client.correct.check.query({ segments: [{ id: 'w', text: '   ' }] })) {
      out.push(r);
    }
    expect(out).toEqual([{ segmentId: 'w', edits: [], model: 'redline/harper-gec', cached: false }]);
  });

  it('records feedback and meters usage per key', async () => {
    await expect(
      stack.client.feedback.record.mutate({
        action: 'applied',
        category: 'spelling',
        model: 'redline/harper-gec',
      }),
    ).resolves.toEqual({ ok: true });
    await stack.gateway.services.usage.flush();
    const [today] = await stack.gateway.db.usage.forKey(stack.keyId);
    expect(today?.requests).toBeGreaterThanOrEqual(4);
    expect(today?.inputTokens).toBeGreaterThan(0);
    expect(today?.outputTokens).toBeGreaterThan(0);
    const summary = await stack.gateway.db.feedback.summary();
    expect(summary.byAction.applied).toBeGreaterThanOrEqual(1);
  });
});
