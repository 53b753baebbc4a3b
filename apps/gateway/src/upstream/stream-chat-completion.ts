import { GatewayError } from '../errors.ts';
import { AttemptFailure, networkFailure } from './attempt-failure.ts';
import { type SendUpstreamOptions, sendUpstream } from './send-upstream.ts';
import { SseParser } from './sse-parser.ts';

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface StreamedCompletion {
  text: string;
  /** 'stop' normally; 'length' when max_tokens cut the output short. */
  finishReason: string | null;
  usage: TokenUsage | undefined;
}

interface ChatChunk {
  choices?: { delta?: { content?: string | null }; text?: string; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  error?: { message?: string };
}

/**
 * Send a streaming chat completion and collect it: text, finish reason and usage (stream_options.include_usage).
 * Marks the first token on the handle. A stream that ends without `[DONE]` (pod crashed mid-stream) fails
 * as 'reset', which the caller may retry because nothing of it reached the client.
 */
export async function streamChatCompletion(options: SendUpstreamOptions): Promise<StreamedCompletion> {
  const response = await sendUpstream(options);
  const { handle } = options;
  const parser = new SseParser();
  let text = '';
  let finishReason: string | null = null;
  let usage: TokenUsage | undefined;
  let sawFirstToken = false;
  let done = false;
  try {
    for await (const chunk of response.body) {
      for (const event of parser.push(chunk as Buffer)) {
        if (event.data === '[DONE]') {
          done = true;
          continue;
        }
        const parsed = parseChunk(event.data, handle.endpoint.id);
        if (parsed.error) {
          throw new AttemptFailure(
            'http-5xx',
            true,
            new GatewayError('upstream_failed', `upstream ${handle.endpoint.id}: ${parsed.error.message}`),
          );
        }
        const choice = parsed.choices?.[0];
        const piece = choice?.delta?.content ?? choice?.text ?? '';
        if (piece) {
          if (!sawFirstToken) {
            sawFirstToken = true;
            handle.firstToken();
          }
          text += piece;
        }
        if (choice?.finish_reason) finishReason = choice.finish_reason;
        if (parsed.usage) {
          usage = {
            promptTokens: parsed.usage.prompt_tokens ?? 0,
            completionTokens: parsed.usage.completion_tokens ?? 0,
          };
        }
      }
    }
  } catch (error) {
    if (error instanceof AttemptFailure) throw error;
    throw networkFailure(error, handle.endpoint.id);
  }
  if (!done) {
    throw new AttemptFailure(
      'reset',
      true,
      new GatewayError('upstream_failed', `upstream ${handle.endpoint.id} ended the stream early`),
    );
  }
  return { text, finishReason, usage };
}

function parseChunk(data: string, endpointId: string): ChatChunk {
  try {
    return JSON.parse(data) as ChatChunk;
  } catch (error) {
    throw new AttemptFailure(
      'http-5xx',
      true,
      new GatewayError('upstream_failed', `upstream ${endpointId} sent malformed JSON`, { cause: error }),
    );
  }
}
