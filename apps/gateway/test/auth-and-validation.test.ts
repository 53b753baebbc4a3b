import { createRedlineClient, redlineErrorCode } from '@redline/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, type Stack, startStack, useTestDatabase } from './support/stack.ts';

async function errorOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of stream) {
    // consume
  }
}

describe('auth and input validation', () => {
  const shared = useTestDatabase();
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      db: shared.db,
      pods: { count: 1, engine: 'echo' },
      gateway: { keyCacheTtlMs: 60_000 },
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const check = (input: unknown, client = stack.client) =>
    errorOf(async () => drain(await client.correct.check.query(input as never)));

  it('rejects bad input with BAD_REQUEST and a readable message', async () => {
    const oversized = await check({ segments: [{ id: 'a', text: 'x'.repeat(2001) }] });
    expect(redlineErrorCode(oversized)).toBe('BAD_REQUEST');
    expect((oversized as Error).message).toMatch(/^segments\.0\.text: .*2000/);

    const tooMany = await check({
      segments: Array.from({ length: 51 }, (_, i) => ({ id: `${i}`, text: 'a' })),
    });
    expect(redlineErrorCode(tooMany)).toBe('BAD_REQUEST');
    expect((tooMany as Error).message).toMatch(/^segments: .*50/);

    const none = await check({ segments: [] });
    expect(redlineErrorCode(none)).toBe('BAD_REQUEST');

    const wrongTypes = await check({ segments: [{ id: 1, text: null }], dialect: 'klingon' });
    expect(redlineErrorCode(wrongTypes)).toBe('BAD_REQUEST');
    expect((wrongTypes as Error).message).toContain('segments.0.id');
    expect((wrongTypes as Error).message).toContain('dialect');

    const duplicate = await check({
      segments: [
        { id: 'a', text: 'x' },
        { id: 'a', text: 'y' },
      ],
    });
    expect((duplicate as Error).message).toContain('unique');

    const badFeedback = await errorOf(() =>
      stack.client.feedback.record.mutate({ action: 'loved', category: 'spelling', model: 'm' } as never),
    );
    expect(redlineErrorCode(badFeedback)).toBe('BAD_REQUEST');
  });

  it('accepts the largest valid input (50 segments of 2,000 characters)', async () => {
    // ~100 KB of input (~300 KB URL-encoded: far beyond what fits in a GET URL). Whitespace runs are single
    // tokens for the pods, so this tests the transport and the bounds, not the pods' capacity.
    const segments = Array.from({ length: 50 }, (_, i) => {
      const head = `Segment ${i} starts here.`;
      const tail = 'And it ends here.';
      return { id: `s${i}`, text: head + ' '.repeat(2000 - head.length - tail.length) + tail };
    });
    expect(segments.every((s) => s.text.length === 2000)).toBe(true);
    const ids: string[] = [];
    for await (const r of await stack.client.correct.check.query({ segments })) ids.push(r.segmentId);
    expect(ids.sort()).toEqual(segments.map((s) => s.id).sort());
  }, 60_000);

  it('serves correct.check to plain HTTP (curl): GET and POST with trpc-accept: application/jsonl', async () => {
    const input = { segments: [{ id: 'p1', text: 'Plain HTTP works.' }] };
    const headers = { authorization: `Bearer ${stack.apiKey}`, 'trpc-accept': 'application/jsonl' };
    const query = encodeURIComponent(JSON.stringify({ 0: input }));
    const viaGet = await fetch(`${stack.gateway.url}/trpc/correct.check?batch=1&input=${query}`, { headers });
    const viaPost = await fetch(`${stack.gateway.url}/trpc/correct.check?batch=1`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ 0: input }),
    });
    for (const res of [viaGet, viaPost]) {
      expect(res.status).toBe(200);
      const lines = (await res.text()).trim().split('\n');
      expect(lines.some((line) => line.includes('"segmentId":"p1"'))).toBe(true);
    }
    const tooBig = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [i, input]));
    const batch = await fetch(
      `${stack.gateway.url}/trpc/${Array(11).fill('correct.check').join(',')}?batch=1`,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(tooBig),
      },
    );
    expect(batch.status).toBe(400);
  });

  it('requires a valid API key', async () => {
    const anonymous = createRedlineClient({ url: stack.gateway.url, apiKey: '' });
    expect(redlineErrorCode(await check({ segments: [{ id: 'a', text: 'hi' }] }, anonymous))).toBe(
      'UNAUTHORIZED',
    );
    const wrong = createRedlineClient({ url: stack.gateway.url, apiKey: 'rl_not_a_key' });
    expect(redlineErrorCode(await check({ segments: [{ id: 'a', text: 'hi' }] }, wrong))).toBe(
      'UNAUTHORIZED',
    );
    const res = await fetch(`${stack.gateway.url}/v1/models`);
    expect(res.status).toBe(401);
  });

  it('manages keys with the admin token only; a revoked key stops working at once', async () => {
    const userAsAdmin = await errorOf(() => stack.client.keys.list.query());
    expect(redlineErrorCode(userAsAdmin)).toBe('FORBIDDEN');
    expect(redlineErrorCode(await errorOf(() => stack.client.keys.create.mutate({ name: 'x' })))).toBe(
      'FORBIDDEN',
    );
    const anonymous = createRedlineClient({ url: stack.gateway.url, apiKey: '' });
    expect(redlineErrorCode(await errorOf(() => anonymous.keys.list.query()))).toBe('UNAUTHORIZED');

    const admin = createRedlineClient({ url: stack.gateway.url, apiKey: ADMIN_TOKEN });
    const created = await admin.keys.create.mutate({ name: 'temp' });
    expect(created.key).toBeTruthy();
    const listed = (await admin.keys.list.query()) as { id: string }[];
    expect(listed.map((k) => k.id)).toContain(created.id);

    const user = createRedlineClient({ url: stack.gateway.url, apiKey: created.key });
    await drain(await user.correct.check.query({ segments: [{ id: 'a', text: 'Hello.' }] }));
    await admin.keys.revoke.mutate({ id: created.id });
    expect(redlineErrorCode(await check({ segments: [{ id: 'a', text: 'Hello.' }] }, user))).toBe(
      'UNAUTHORIZED',
    );
  });

  it('keeps serving after all of that', async () => {
    const res = await fetch(`${stack.gateway.url}/healthz`);
    expect(res.status).toBe(200);
    const metrics = await (await fetch(`${stack.gateway.url}/metrics`)).text();
    expect(metrics).toMatch(
      /redline_gateway_requests_total\{procedure="correct.check",code="BAD_REQUEST"\} [1-9]/,
    );
    expect(metrics).toMatch(/redline_gateway_requests_total\{procedure="keys.list",code="FORBIDDEN"\} [1-9]/);
  });
});
