import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { GatewayError, toOpenAIError, toTRPCError } from './errors.ts';

describe('errors', () => {
  it('maps overload to 429 with Retry-After in whole seconds', () => {
    const error = new GatewayError('overloaded', 'busy', { retryAfterMs: 1200 });
    expect(toTRPCError(error).code).toBe('TOO_MANY_REQUESTS');
    const openai = toOpenAIError(error);
    expect(openai.status).toBe(429);
    expect(openai.headers['retry-after']).toBe('2');
    expect(openai.body).toEqual({
      error: { message: 'busy', type: 'rate_limit_error', param: null, code: 'overloaded' },
    });
  });

  it('keeps the param of an invalid request', () => {
    const openai = toOpenAIError(new GatewayError('invalid_request', 'bad', { param: 'messages' }));
    expect(openai.status).toBe(400);
    expect(openai.body.error.param).toBe('messages');
  });

  it('hides unknown errors behind a generic 500', () => {
    const openai = toOpenAIError(new Error('secret detail'));
    expect(openai.status).toBe(500);
    expect(openai.body.error.message).not.toContain('secret');
    expect(toTRPCError(new Error('x')).code).toBe('INTERNAL_SERVER_ERROR');
  });

  it('passes TRPCErrors through', () => {
    const error = new TRPCError({ code: 'FORBIDDEN' });
    expect(toTRPCError(error)).toBe(error);
  });
});
