import type { ServerResponse } from 'node:http';
import { GatewayError, toOpenAIError } from '../errors.ts';
import { writeChunk } from '../http/http-io.ts';
import type { ModelPool } from '../pools/model-pool.ts';
import type { GatewayServices } from '../services.ts';
import { AttemptFailure, networkFailure } from '../upstream/attempt-failure.ts';
import { callWithRetries } from '../upstream/call-with-retries.ts';
import { LOST_RACE } from '../upstream/run-attempt.ts';
import { sendUpstream } from '../upstream/send-upstream.ts';
import { SseParser } from '../upstream/sse-parser.ts';
import type { TokenUsage } from '../upstream/stream-chat-completion.ts';

export interface ProxyCompletionOptions {
  services: GatewayServices;
  pool: ModelPool;
  path: '/v1/chat/completions' | '/v1/completions';
  body: Record<string, unknown> & { stream?: boolean | null };
  res: ServerResponse;
  /** Aborts when the client disconnects. */
  signal: AbortSignal;
}

interface UsageChunk {
  choices?: { delta?: { content?: string | null }; text?: string | null; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
}

/**
 * Proxy one OpenAI completion through the pool's router. Streaming responses pass through event by event;
 * the response is committed (headers written) only when the first token (or the end) arrives, and until then
 * a failed attempt is retried on another pod. After that, a failure ends the stream with an error event.
 * Returns the token usage for metering.
 */
export async function proxyCompletion(options: ProxyCompletionOptions): Promise<TokenUsage> {
  const { services, pool, path, body, res, signal } = options;
  const streaming = body.stream === true;
  const clientWantsUsage = (body.stream_options as { include_usage?: boolean } | null | undefined)
    ?.include_usage;
  // Always ask the pod for usage so the key is billed; drop the usage chunk again if the client did not ask.
  const upstreamBody = streaming
    ? { ...body, stream_options: { ...(body.stream_options as object | undefined), include_usage: true } }
    : body;
  return callWithRetries({
    pool,
    clock: services.clock,
    random: services.random,
    metrics: services.metrics,
    deadlineAt: services.clock.now() + services.deadlineMs,
    signal,
    policy: services.retryPolicy,
    hedge: services.hedging.forPool(pool, 'v1'),
    // The client's output cap: for corrections sized by their text (this product's traffic) close to the length.
    outputTokensHint: outputCap(body),
    attempt: async ({ handle, signal: attemptSignal, claim }) => {
      const response = await sendUpstream({
        dispatcher: services.dispatcher,
        handle,
        path,
        body: upstreamBody,
        signal: attemptSignal,
      });
      if (!streaming) {
        let text: string;
        try {
          text = await response.body.text();
        } catch (error) {
          throw networkFailure(error, handle.endpoint.id);
        }
        const usage = usageOf(safeParse(text));
        handle.firstToken();
        if (!claim()) throw LOST_RACE;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(text);
        return { value: usage, outputTokens: usage.completionTokens };
      }

      const parser = new SseParser();
      let committed = false;
      let usage: TokenUsage = { promptTokens: 0, completionTokens: 0 };
      let sawToken = false;
      let done = false;
      // Events before the first token (vLLM's role-only chunk) are held back: until something the client
      // cannot get from another pod arrives, a failure may still be retried invisibly.
      const held: string[] = [];
      try {
        for await (const chunk of response.body) {
          // Everything one upstream read produced goes out in one write (one syscall, not one per token).
          let out = '';
          for (const event of parser.push(chunk as Buffer)) {
            let forward = true;
            let meaningful = true;
            if (event.data === '[DONE]') {
              done = true;
            } else if (!sawToken || event.data.includes('"usage"')) {
              // After the first token only the usage chunk needs a look: skip parsing every token's JSON.
              const parsed = safeParse(event.data) as UsageChunk | undefined;
              const choice = parsed?.choices?.[0];
              if (!sawToken && (choice?.delta?.content || choice?.text)) {
                sawToken = true;
                handle.firstToken();
              }
              meaningful = sawToken || Boolean(choice?.finish_reason) || Boolean(parsed?.usage);
              if (parsed?.usage) {
                usage = usageOf(parsed);
                // The usage-only chunk has no choices; keep it only if the client asked for usage.
                if (!clientWantsUsage && (parsed.choices?.length ?? 0) === 0) forward = false;
              }
            }
            if (!forward) continue;
            if (!committed && !meaningful) {
              held.push(`${event.raw}\n\n`);
              continue;
            }
            if (!committed) {
              if (!claim()) throw LOST_RACE;
              committed = true;
              res.writeHead(200, {
                'content-type': 'text/event-stream; charset=utf-8',
                'cache-control': 'no-cache',
                connection: 'keep-alive',
                'x-accel-buffering': 'no',
              });
              out = held.splice(0).join('');
            }
            out += `${event.raw}\n\n`;
          }
          if (out) await writeChunk(res, out);
        }
      } catch (error) {
        if (!committed) throw networkFailure(error, handle.endpoint.id);
        throw endStreamWithError(res, networkFailure(error, handle.endpoint.id));
      }
      if (!done) {
        const failure = new AttemptFailure(
          'reset',
          !committed,
          new GatewayError('upstream_failed', `upstream ${handle.endpoint.id} ended the stream early`),
        );
        if (!committed) throw failure;
        throw endStreamWithError(res, failure);
      }
      res.end();
      return { value: usage, outputTokens: usage.completionTokens };
    },
  });
}

/** Once bytes went out, the only honest ending is an error event in the stream (OpenAI clients raise it). */
function endStreamWithError(res: ServerResponse, failure: AttemptFailure): AttemptFailure {
  if (!res.destroyed && !res.writableEnded) {
    res.end(`data: ${JSON.stringify(toOpenAIError(failure.error).body)}\n\n`);
  }
  return new AttemptFailure(failure.reason, false, failure.error);
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function usageOf(parsed: unknown): TokenUsage {
  const usage = (parsed as UsageChunk | undefined)?.usage;
  return { promptTokens: usage?.prompt_tokens ?? 0, completionTokens: usage?.completion_tokens ?? 0 };
}

function outputCap(body: Record<string, unknown>): number | undefined {
  const cap = body.max_completion_tokens ?? body.max_tokens;
  return typeof cap === 'number' ? cap : undefined;
}
