import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL, type Stack, startStack, useTestDatabase, waitReady } from './support/stack.ts';

describe('OpenAI-compatible /v1 front door', () => {
  const shared = useTestDatabase();
  let stack: Stack;
  let openai: OpenAI;
  beforeAll(async () => {
    stack = await startStack({ db: shared.db, pods: { count: 2, engine: 'harper' } });
    await waitReady(stack.gateway);
    openai = new OpenAI({ baseURL: `${stack.gateway.url}/v1`, apiKey: stack.apiKey, maxRetries: 0 });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const messages = [
    { role: 'system' as const, content: 'Correct the text.\nDialect: American' },
    { role: 'user' as const, content: 'Their going too the park tomorow.' },
  ];

  it('lists the served model', async () => {
    const models = await openai.models.list();
    expect(models.data.map((m) => m.id)).toEqual([MODEL]);
  });

  it('streams a chat completion with usage through the official client', async () => {
    const stream = await openai.chat.completions.create({
      model: MODEL,
      messages,
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0,
      max_tokens: 40,
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined | null;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(chunks).toBeGreaterThan(2);
    expect(text).toContain('tomorrow');
    expect(usage?.prompt_tokens).toBeGreaterThan(0);
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('drops the usage chunk when the client did not ask for it (but still meters it)', async () => {
    const outputTokens = async () => {
      await stack.gateway.services.usage.flush();
      return (await stack.gateway.db.usage.forKey(stack.keyId))[0]?.outputTokens ?? 0;
    };
    const before = await outputTokens();
    const stream = await openai.chat.completions.create({
      model: MODEL,
      messages,
      stream: true,
      max_tokens: 40,
    });
    let sawUsage = false;
    for await (const chunk of stream) if (chunk.usage) sawUsage = true;
    expect(sawUsage).toBe(false);
    expect(await outputTokens()).toBeGreaterThan(before);
  });

  it('answers non-streaming chat and text completions', async () => {
    const chat = await openai.chat.completions.create({ model: MODEL, messages, max_tokens: 40 });
    expect(chat.choices[0]?.message.content).toContain('tomorrow');
    expect(chat.usage?.completion_tokens).toBeGreaterThan(0);
    const completion = await openai.completions.create({
      model: MODEL,
      prompt: 'Hello there',
      max_tokens: 8,
    });
    expect(completion.choices).toHaveLength(1);
  });

  it('rejects malformed requests with a 400 in OpenAI error shape', async () => {
    const res = await fetch(`${stack.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, messages: 'not-an-array' }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: Record<string, unknown> };
    expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.param).toBe('messages');

    const notJson = await fetch(`${stack.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.apiKey}` },
      body: '{oops',
    });
    expect(notJson.status).toBe(400);

    await expect(openai.chat.completions.create({ model: MODEL, messages: [] })).rejects.toMatchObject({
      status: 400,
    });
  });

  it('reports unknown models and bad keys the way OpenAI does', async () => {
    await expect(openai.chat.completions.create({ model: 'gpt-9', messages })).rejects.toMatchObject({
      status: 404,
      code: 'model_not_found',
    });
    const stranger = new OpenAI({ baseURL: `${stack.gateway.url}/v1`, apiKey: 'rl_wrong', maxRetries: 0 });
    await expect(stranger.models.list()).rejects.toMatchObject({ status: 401 });
  });
});
