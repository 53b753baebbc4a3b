import { describe, expect, it } from 'vitest';
import { planRequest } from './completion-request.ts';
import { HttpError } from './errors.ts';
import type { GenerationPlan } from './generation.ts';

const served = { name: 'redline/harper-gec', maxModelLen: 200 };
const plan = (kind: 'chat' | 'completion', body: unknown, headers = {}) =>
  planRequest(kind, body, headers, served, 0);

describe('planRequest', () => {
  it('takes the last user message as input and the system Dialect line', () => {
    const p = plan('chat', {
      messages: [
        { role: 'system', content: 'Be terse.\nDialect: british' },
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: [{ type: 'text', text: 'second' }] },
      ],
      stream: true,
      stream_options: { include_usage: true },
    }) as GenerationPlan;
    expect(p).not.toBeInstanceOf(HttpError);
    expect(p.input).toBe('second');
    expect(p.dialect).toBe('British');
    expect(p.includeUsage).toBe(true);
    expect(p.model).toBe('redline/harper-gec');
    expect(p.maxTokens).toBe(served.maxModelLen - p.promptTokens);
  });

  it('defaults to American and prefers max_completion_tokens over max_tokens', () => {
    const p = plan('chat', {
      messages: [{ role: 'user', content: 'x' }],
      max_tokens: 5,
      max_completion_tokens: 9,
    }) as GenerationPlan;
    expect(p.dialect).toBe('American');
    expect(p.maxTokens).toBe(9);
  });

  it('reads the ORCA format header', () => {
    const p = plan(
      'completion',
      { prompt: 'x' },
      { 'endpoint-load-metrics-format': 'JSON' },
    ) as GenerationPlan;
    expect(p.orcaFormat).toBe('JSON');
    expect(p.maxTokens).toBe(16);
  });

  it('rejects requests that exceed the context window, like vLLM', () => {
    const e = plan('chat', { messages: [{ role: 'user', content: 'x' }], max_tokens: 500 }) as HttpError;
    expect(e).toBeInstanceOf(HttpError);
    expect(e.status).toBe(400);
    expect(e.message).toMatch(/maximum context length is 200 tokens/);
    const long = plan('completion', { prompt: 'word '.repeat(300) }) as HttpError;
    expect(long.status).toBe(400);
  });

  it('rejects n > 1 and unknown models', () => {
    expect((plan('chat', { messages: [{ role: 'user', content: 'x' }], n: 2 }) as HttpError).status).toBe(
      400,
    );
    expect(
      (plan('chat', { model: 'other', messages: [{ role: 'user', content: 'x' }] }) as HttpError).status,
    ).toBe(404);
  });
});
