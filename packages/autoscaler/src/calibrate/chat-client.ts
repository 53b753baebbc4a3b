import { Pool } from 'undici';
import { chatBody, type MaxTokens } from './prompts.ts';

export interface ChatOutcome {
  ok: boolean;
  /** Request start → `data: [DONE]` (or failure), ms. */
  latencyMs: number;
  status: number;
  error?: string;
}

export interface ChatClientOptions {
  /** Base URL of an OpenAI-compatible server (with or without a trailing /v1). */
  endpoint: string;
  model: string;
  maxTokens: MaxTokens;
  /** Abort a request after this long. */
  timeoutMs: number;
  connections: number;
}

/** Keep-alive client for streaming chat completions; reads every stream to `data: [DONE]`. */
export class StreamingChatClient {
  private readonly pool: Pool;
  private readonly path: string;
  private counter = 0;

  constructor(private readonly options: ChatClientOptions) {
    const url = new URL(options.endpoint);
    const prefix = url.pathname.replace(/\/+$/, '');
    this.path = `${prefix.endsWith('/v1') ? prefix : `${prefix}/v1`}/chat/completions`;
    this.pool = new Pool(url.origin, {
      connections: options.connections,
      pipelining: 1,
      keepAliveTimeout: 30_000,
    });
  }

  async send(): Promise<ChatOutcome> {
    const started = performance.now();
    const elapsed = () => performance.now() - started;
    try {
      const res = await this.pool.request({
        method: 'POST',
        path: this.path,
        headers: { 'content-type': 'application/json' },
        body: chatBody(this.options.model, this.counter++, this.options.maxTokens),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      let tail = '';
      let done = false;
      for await (const chunk of res.body) {
        // Only the stream's end matters for end-to-end latency.
        tail = (tail + (chunk as Buffer).toString('latin1')).slice(-64);
        if (tail.includes('data: [DONE]')) done = true;
      }
      if (res.statusCode !== 200)
        return { ok: false, latencyMs: elapsed(), status: res.statusCode, error: 'status' };
      if (!done) return { ok: false, latencyMs: elapsed(), status: res.statusCode, error: 'truncated' };
      return { ok: true, latencyMs: elapsed(), status: 200 };
    } catch (err) {
      return { ok: false, latencyMs: elapsed(), status: 0, error: err instanceof Error ? err.name : 'Error' };
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
