import { Agent, request } from 'undici';
import { buildChatRequest } from './prompt.ts';

export interface CompletionResult {
  output: string;
  ttftMs: number | null;
  latencyMs: number;
  promptTokens: number | null;
  completionTokens: number | null;
}

export class CompletionError extends Error {
  override readonly name = 'CompletionError';
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export interface StreamClientOptions {
  endpoint: string;
  apiKey?: string;
  deadlineMs: number;
  connections?: number;
  now?: () => number;
}

/** Base URL → chat completions URL: accepts `http://host`, `http://host/v1` or the full path. */
export function chatCompletionsUrl(endpoint: string): string {
  const trimmed = endpoint.replace(/\/+$/, '');
  if (trimmed.endsWith('/chat/completions')) return trimmed;
  return trimmed.endsWith('/v1') ? `${trimmed}/chat/completions` : `${trimmed}/v1/chat/completions`;
}

interface StreamChunk {
  choices?: Array<{ delta?: { content?: string | null } }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  error?: { message?: string };
}

/** Streaming chat-completion client over one keep-alive undici pool. */
export class StreamClient {
  private readonly agent: Agent;
  private readonly url: string;
  private readonly now: () => number;

  constructor(private readonly options: StreamClientOptions) {
    this.agent = new Agent({
      connections: options.connections ?? 16,
      keepAliveTimeout: 30_000,
      pipelining: 1,
    });
    this.url = chatCompletionsUrl(options.endpoint);
    this.now = options.now ?? (() => performance.now());
  }

  async complete(model: string, text: string, signal?: AbortSignal): Promise<CompletionResult> {
    const started = this.now();
    const deadline = AbortSignal.timeout(this.options.deadlineMs);
    const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'text/event-stream',
    };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    let ttftMs: number | null = null;
    let output = '';
    let usage: StreamChunk['usage'] = null;
    try {
      const res = await request(this.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(buildChatRequest(model, text)),
        dispatcher: this.agent,
        signal: combined,
      });
      if (res.statusCode !== 200) {
        const body = (await res.body.text()).slice(0, 300);
        const retryable = res.statusCode === 429 || res.statusCode >= 500;
        throw new CompletionError(`HTTP ${res.statusCode}: ${body}`, res.statusCode, retryable);
      }
      let buffer = '';
      for await (const piece of res.body) {
        buffer += typeof piece === 'string' ? piece : Buffer.from(piece).toString('utf8');
        let nl = buffer.indexOf('\n');
        while (nl >= 0) {
          const line = buffer.slice(0, nl).trim();
          buffer = buffer.slice(nl + 1);
          nl = buffer.indexOf('\n');
          if (!line.startsWith('data:')) continue;
          const data = line.slice(5).trim();
          if (data === '[DONE]') continue;
          const chunk = JSON.parse(data) as StreamChunk;
          if (chunk.error) throw new CompletionError(chunk.error.message ?? 'stream error', null, true);
          const delta = chunk.choices?.[0]?.delta?.content;
          if (delta) {
            if (ttftMs === null) ttftMs = this.now() - started;
            output += delta;
          }
          if (chunk.usage) usage = chunk.usage;
        }
      }
    } catch (err) {
      if (err instanceof CompletionError) throw err;
      if (signal?.aborted) throw err;
      const message = deadline.aborted ? `deadline of ${this.options.deadlineMs} ms exceeded` : String(err);
      throw new CompletionError(message, null, true);
    }
    return {
      output,
      ttftMs,
      latencyMs: this.now() - started,
      promptTokens: usage?.prompt_tokens ?? null,
      completionTokens: usage?.completion_tokens ?? null,
    };
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
