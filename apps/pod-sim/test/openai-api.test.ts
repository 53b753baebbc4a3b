import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PodFleet, startPods } from '../src/index.ts';
import { tokenize } from '../src/tokenizer.ts';
import { type Completion, chatBody, type ErrorBody, postJson, readSse } from './helpers.ts';

let fleet: PodFleet;
let url: string;

beforeAll(async () => {
  fleet = await startPods({ count: 2, engine: 'echo', profile: 'l40s-llama3-8b', timeScale: 0.25 });
  url = fleet.pods[0]!.url;
});
afterAll(async () => {
  await fleet?.close();
});

const TEXT = 'The quick brown fox jumps over the lazy dog.';

describe('pods', () => {
  it('listen on distinct ephemeral ports of 127.0.0.1', () => {
    const [a, b] = fleet.pods;
    expect(a!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(a!.port).not.toBe(b!.port);
    expect(a!.url).toBe(`http://127.0.0.1:${a!.port}`);
  });
});

describe('POST /v1/chat/completions', () => {
  it('answers non-streaming with vLLM’s chat.completion shape and usage', async () => {
    const res = await postJson(`${url}/v1/chat/completions`, chatBody(TEXT));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Completion;
    expect(body.id).toMatch(/^chatcmpl-[0-9a-f]{32}$/);
    expect(body.object).toBe('chat.completion');
    expect(body.model).toBe('redline/harper-gec');
    expect(body.choices).toHaveLength(1);
    expect(body.choices[0]!).toMatchObject({
      index: 0,
      message: { role: 'assistant', content: TEXT },
      finish_reason: 'stop',
      logprobs: null,
    });
    expect(body.usage!.completion_tokens).toBeGreaterThan(5);
    expect(body.usage!.total_tokens).toBe(body.usage!.prompt_tokens + body.usage!.completion_tokens);
  });

  it('streams role chunk, content deltas, finish, usage chunk with empty choices, then [DONE]', async () => {
    const res = await postJson(
      `${url}/v1/chat/completions`,
      chatBody(TEXT, { stream: true, stream_options: { include_usage: true } }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const { chunks, done } = await readSse(res);
    expect(done).toBe(true);
    const first = chunks[0]!;
    expect(first.object).toBe('chat.completion.chunk');
    expect(first.choices[0]!).toEqual({
      index: 0,
      delta: { role: 'assistant', content: '' },
      logprobs: null,
      finish_reason: null,
    });
    const usageChunk = chunks.at(-1)!;
    expect(usageChunk.choices).toEqual([]);
    const content = chunks
      .slice(0, -1)
      .map((c) => c.choices[0]!.delta?.content)
      .join('');
    expect(content).toBe(TEXT);
    const finishing = chunks.at(-2)!;
    expect(finishing.choices[0]!.finish_reason).toBe('stop');
    expect(chunks.slice(1, -2).every((c) => c.choices[0]!.finish_reason === null)).toBe(true);
    // One chunk per token: role chunk + tokens (the last with finish_reason) + usage chunk.
    expect(usageChunk.usage?.completion_tokens).toBe(tokenize(TEXT).length);
    expect(chunks.length).toBe(tokenize(TEXT).length + 2);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
  });

  it('puts running usage on every chunk with continuous_usage_stats', async () => {
    const res = await postJson(
      `${url}/v1/chat/completions`,
      chatBody(TEXT, { stream: true, stream_options: { include_usage: true, continuous_usage_stats: true } }),
    );
    const { chunks } = await readSse(res);
    const counts = chunks.map((c) => c.usage?.completion_tokens);
    expect(counts.every((n) => typeof n === 'number')).toBe(true);
    expect(counts[0]).toBe(0);
    expect(counts.at(-1)).toBe(tokenize(TEXT).length);
    expect([...(counts as number[])].sort((a, b) => a - b)).toEqual(counts);
  });

  it('honours max_tokens and max_completion_tokens with finish_reason length', async () => {
    for (const limit of [{ max_tokens: 3 }, { max_completion_tokens: 3 }]) {
      const res = await postJson(`${url}/v1/chat/completions`, chatBody(TEXT, limit));
      const body = (await res.json()) as Completion;
      expect(body.choices[0]!.finish_reason).toBe('length');
      expect(body.usage!.completion_tokens).toBe(3);
      expect(TEXT.startsWith(body.choices[0]!.message?.content ?? '')).toBe(true);
      expect(body.choices[0]!.message?.content.length).toBeLessThan(TEXT.length);
    }
    const res = await postJson(`${url}/v1/chat/completions`, chatBody(TEXT, { max_tokens: 2, stream: true }));
    const { chunks } = await readSse(res);
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('length');
  });

  it('streams tokens over time, not all at once', async () => {
    const res = await postJson(`${url}/v1/chat/completions`, chatBody(TEXT.repeat(3), { stream: true }));
    const reader = res.body!.getReader();
    const arrivals: number[] = [];
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
      arrivals.push(performance.now());
    }
    // ~30 tokens at ≥ 22.6 ms × 0.25 per step: the stream spans well over 100 ms in many reads.
    expect(arrivals.length).toBeGreaterThan(5);
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThan(100);
  });
});

describe('POST /v1/completions', () => {
  it('answers with text_completion, defaulting max_tokens to 16 like vLLM', async () => {
    const res = await postJson(`${url}/v1/completions`, {
      model: 'redline/harper-gec',
      prompt: TEXT.repeat(4),
    });
    const body = (await res.json()) as Completion;
    expect(body.id).toMatch(/^cmpl-/);
    expect(body.object).toBe('text_completion');
    expect(body.choices[0]!.finish_reason).toBe('length');
    expect(body.usage!.completion_tokens).toBe(16);
  });

  it('streams text chunks', async () => {
    const res = await postJson(`${url}/v1/completions`, {
      prompt: TEXT,
      max_tokens: 100,
      stream: true,
      stream_options: { include_usage: true },
    });
    const { chunks, done } = await readSse(res);
    expect(done).toBe(true);
    const text = chunks
      .filter((c) => c.choices.length > 0)
      .map((c) => c.choices[0]!.text)
      .join('');
    expect(text).toBe(TEXT);
    expect(chunks.at(-1)!.usage!.completion_tokens).toBeGreaterThan(0);
  });
});

describe('errors', () => {
  const expectVllmError = async (res: Response, status: number, type: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await res.json()) as ErrorBody;
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error).toMatchObject({ type, code: status });
    expect(typeof body.error.message).toBe('string');
    expect(body.error).toHaveProperty('param');
    return body.error;
  };

  it('400 BadRequestError for a missing messages field', async () => {
    const err = await expectVllmError(
      await postJson(`${url}/v1/chat/completions`, { model: 'redline/harper-gec' }),
      400,
      'BadRequestError',
    );
    expect(err.param).toBe('messages');
  });

  it('400 for wrong types, bad max_tokens, invalid JSON and stream_options without stream', async () => {
    const cases: unknown[] = [
      { messages: 'hello' },
      { messages: [{ role: 'user', content: 42 }] },
      chatBody('hi', { max_tokens: 0 }),
      chatBody('hi', { max_tokens: 'ten' }),
      chatBody('hi', { max_tokens: 1.5 }),
      chatBody('hi', { max_tokens: 1_000_000 }),
      chatBody('hi', { stream_options: { include_usage: true } }),
      '{"messages": [',
    ];
    for (const body of cases) {
      await expectVllmError(await postJson(`${url}/v1/chat/completions`, body), 400, 'BadRequestError');
    }
    await expectVllmError(await postJson(`${url}/v1/completions`, { prompt: 7 }), 400, 'BadRequestError');
  });

  it('404 NotFoundError for a model the pod does not serve', async () => {
    const err = await expectVllmError(
      await postJson(`${url}/v1/chat/completions`, { ...chatBody('hi'), model: 'gpt-4o' }),
      404,
      'NotFoundError',
    );
    expect(err.message).toContain('gpt-4o');
  });

  it('FastAPI-style 404 and 405 for unknown routes and methods', async () => {
    expect((await fetch(`${url}/nope`)).status).toBe(404);
    expect((await fetch(`${url}/v1/chat/completions`)).status).toBe(405);
  });
});

describe('GET endpoints', () => {
  it('/v1/models lists the served model as vLLM does', async () => {
    const body = (await (await fetch(`${url}/v1/models`)).json()) as { object: string; data: unknown[] };
    expect(body.object).toBe('list');
    expect(body.data[0]).toMatchObject({
      id: 'redline/harper-gec',
      object: 'model',
      owned_by: 'vllm',
      root: 'redline/harper-gec',
      parent: null,
      max_model_len: 8192,
    });
  });

  it('/health is 200 with an empty body; /version reports a version', async () => {
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('');
    const version = (await (await fetch(`${url}/version`)).json()) as { version: string };
    expect(version.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('ORCA endpoint-load-metrics', () => {
  it('TEXT format on non-streaming and streaming responses', async () => {
    const headers = { 'endpoint-load-metrics-format': 'TEXT' };
    const res = await postJson(`${url}/v1/chat/completions`, chatBody(TEXT), headers);
    await res.arrayBuffer();
    const value = res.headers.get('endpoint-load-metrics');
    expect(value).toMatch(
      /^TEXT named_metrics\.kv_cache_usage_perc=[0-9.e-]+, named_metrics\.num_requests_waiting=\d+\.0, named_metrics\.num_requests_running=\d+\.0$/,
    );
    const stream = await postJson(`${url}/v1/chat/completions`, chatBody(TEXT, { stream: true }), headers);
    const streamed = stream.headers.get('endpoint-load-metrics');
    await stream.arrayBuffer();
    // The streamed report is taken once the request is queued, so it counts itself.
    expect(streamed).toMatch(/num_requests_running=1\.0|num_requests_waiting=1\.0/);
  });

  it('JSON format carries the same named metrics', async () => {
    const res = await postJson(`${url}/v1/chat/completions`, chatBody(TEXT), {
      'endpoint-load-metrics-format': 'JSON',
    });
    await res.arrayBuffer();
    const value = res.headers.get('endpoint-load-metrics')!;
    expect(value.startsWith('JSON ')).toBe(true);
    const report = JSON.parse(value.slice(5));
    expect(Object.keys(report.named_metrics).sort()).toEqual([
      'kv_cache_usage_perc',
      'num_requests_running',
      'num_requests_waiting',
    ]);
    expect(report.named_metrics.kv_cache_usage_perc).toBeGreaterThanOrEqual(0);
  });

  it('is absent without the request header', async () => {
    const res = await postJson(`${url}/v1/chat/completions`, chatBody('Hi.'));
    await res.arrayBuffer();
    expect(res.headers.get('endpoint-load-metrics')).toBeNull();
  });
});
