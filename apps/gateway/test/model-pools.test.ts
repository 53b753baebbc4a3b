import type { Database } from '@redline/db';
import { startPods } from '@redline/pod-sim';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acquireTestDatabase,
  MODEL,
  releaseTestDatabase,
  type Stack,
  startStack,
  waitReady,
} from './support/stack.ts';

describe('several model pools behind one gateway', () => {
  let db: Database;
  let stack: Stack;
  let smallFleet: Awaited<ReturnType<typeof startPods>>;
  beforeAll(async () => {
    db = await acquireTestDatabase();
    smallFleet = await startPods({
      count: 1,
      port: 0,
      profile: 'test-fast',
      engine: 'echo',
      modelName: 'small',
    });
    stack = await startStack({
      db,
      pods: { count: 1, engine: 'echo' },
      gateway: { extraPools: [{ model: 'small', endpoints: smallFleet.pods.map((p) => p.url) }] },
    });
    await waitReady(stack.gateway);
  });
  afterAll(async () => {
    await stack?.close();
    await smallFleet?.close();
    await releaseTestDatabase();
  });

  it('lists every pool and routes /v1 requests by model', async () => {
    const openai = new OpenAI({ baseURL: `${stack.gateway.url}/v1`, apiKey: stack.apiKey, maxRetries: 0 });
    expect((await openai.models.list()).data.map((m) => m.id)).toEqual([MODEL, 'small']);
    const smallPod = smallFleet.pods[0]!;
    const before = smallPod.stats().requests;
    const reply = await openai.chat.completions.create({
      model: 'small',
      messages: [{ role: 'user', content: 'Echo me back.' }],
      max_tokens: 20,
    });
    expect(reply.model).toBe('small');
    expect(smallPod.stats().requests).toBe(before + 1);
    expect(stack.fleet.pods[0]!.stats().requests).toBe(0);
  });
});
