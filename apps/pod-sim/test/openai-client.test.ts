import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PodFleet, startPods } from '../src/index.ts';

let fleet: PodFleet;
let client: OpenAI;

beforeAll(async () => {
  fleet = await startPods({ count: 1, engine: 'echo', timeScale: 0.25 });
  client = new OpenAI({ baseURL: `${fleet.pods[0]!.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});
afterAll(async () => {
  await fleet?.close();
});

describe('official openai client against a pod', () => {
  it('streams a chat completion with include_usage and reads the usage', async () => {
    const stream = await client.chat.completions.create({
      model: 'redline/harper-gec',
      messages: [{ role: 'user', content: 'Stream this sentence back, please.' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    let finish: string | null = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Stream this sentence back, please.');
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBeGreaterThan(3);
    expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0));
  });

  it('lists models and creates a non-streaming completion', async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['redline/harper-gec']);
    const res = await client.chat.completions.create({
      model: 'redline/harper-gec',
      messages: [{ role: 'user', content: 'Hello.' }],
      max_completion_tokens: 1,
    });
    expect(res.choices[0]?.finish_reason).toBe('length');
  });

  it('gets a typed BadRequestError for a malformed request', async () => {
    const error = await client.chat.completions
      .create({ model: 'redline/harper-gec', messages: [], max_tokens: -5 })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const bad = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(bad.status).toBe(400);
    expect(bad.type).toBe('BadRequestError');
    expect(bad.message).toMatch(/validation error/);
  });

  it('gets a typed NotFoundError for a model the pod does not serve', async () => {
    const error = await client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
  });
});
