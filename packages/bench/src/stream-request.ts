import { Pool } from 'undici';

export interface RequestResult {
  ok: boolean;
  status: number;
  /** Milliseconds from the intended send time to the end of the response (or the failure). */
  latencyMs: number;
  error?: string;
}

export interface ChatTarget {
  /** Base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:8787. */
  baseUrl: string;
  /** Path prefix before /chat/completions: '/v1'. */
  apiPrefix: string;
  model: string;
  apiKey?: string;
}

/** A keep-alive client that sends streaming chat completions and reads each one to `data: [DONE]`. */
export class ChatClient {
  private readonly pool: Pool;
  private readonly headers: Record<string, string>;

  constructor(
    private readonly target: ChatTarget,
    connections = 512,
  ) {
    this.pool = new Pool(target.baseUrl, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
    this.headers = { 'content-type': 'application/json' };
    if (target.apiKey) this.headers.authorization = `Bearer ${target.apiKey}`;
  }

  /**
   * Sends one request. `intendedAt` is the performance.now() at which the schedule wanted it sent: latency counts
   * from there, so time spent waiting behind a slow system is charged to that system.
   */
  async send(
    prompt: string,
    maxTokens: number,
    intendedAt: number,
    deadlineMs: number,
  ): Promise<RequestResult> {
    const signal = AbortSignal.timeout(Math.max(1, Math.ceil(intendedAt + deadlineMs - performance.now())));
    const body = JSON.stringify({
      model: this.target.model,
      messages: [{ role: 'user', content: prompt }],
      max_tokens: maxTokens,
      temperature: 0,
      stream: true,
      stream_options: { include_usage: true },
    });
    try {
      const res = await this.pool.request({
        method: 'POST',
        path: `${this.target.apiPrefix}/chat/completions`,
        headers: this.headers,
        body,
        signal,
      });
      let done = false;
      let tail = '';
      for await (const chunk of res.body) {
        // Only the last few bytes matter: the stream ends with `data: [DONE]`.
        tail = (tail + (chunk as Buffer).toString('latin1')).slice(-64);
        if (tail.includes('data: [DONE]')) done = true;
      }
      const latencyMs = performance.now() - intendedAt;
      if (res.statusCode !== 200) return { ok: false, status: res.statusCode, latencyMs, error: 'status' };
      if (!done) return { ok: false, status: res.statusCode, latencyMs, error: 'truncated' };
      return { ok: true, status: 200, latencyMs };
    } catch (err) {
      const name = err instanceof Error ? err.name : 'Error';
      return { ok: false, status: 0, latencyMs: performance.now() - intendedAt, error: name };
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
