import { describe, expect, it } from 'vitest';
import {
  buildCorrectionMessages,
  buildCorrectionRequest,
  DIALECTS,
  expectedCorrectionTokens,
  maxTokensFor,
  PROMPT_VERSION,
} from './prompt.ts';

describe('correction prompt', () => {
  it('puts the dialect line in the system message and the text, untouched, as the last user message', () => {
    const text = '  Their going too the park tomorow.\n';
    const messages = buildCorrectionMessages(text, 'british');
    expect(messages[0]?.role).toBe('system');
    expect(messages[0]?.content.split('\n')).toContain('Dialect: British');
    expect(messages.at(-1)).toEqual({ role: 'user', content: text });
  });

  it('labels every dialect with a capitalized name', () => {
    for (const dialect of DIALECTS) {
      const system = buildCorrectionMessages('x', dialect)[0]?.content ?? '';
      expect(system).toMatch(/^Dialect: (American|British|Canadian|Australian)$/m);
    }
  });

  it('bounds max_tokens by the input length', () => {
    expect(maxTokensFor('')).toBe(16);
    expect(maxTokensFor('a'.repeat(300))).toBe(116);
    expect(maxTokensFor('a'.repeat(2000))).toBe(683);
  });

  it('expects a correction about as long as its text, below the max_tokens bound', () => {
    expect(expectedCorrectionTokens('')).toBe(1);
    expect(expectedCorrectionTokens('a'.repeat(300))).toBe(75);
    const sentence = 'Their going too the park tomorow, and they was hoping for sun.';
    expect(expectedCorrectionTokens(sentence)).toBeLessThan(maxTokensFor(sentence));
  });

  it('asks for a deterministic streamed completion with usage', () => {
    const body = buildCorrectionRequest('m', 'Hello wrold', 'american');
    expect(body).toMatchObject({
      model: 'm',
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0,
      max_tokens: maxTokensFor('Hello wrold'),
    });
    expect(PROMPT_VERSION).toMatch(/\S/);
  });
});
