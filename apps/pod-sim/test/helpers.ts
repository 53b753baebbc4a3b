import { request } from 'node:http';
/** Small HTTP helpers for integration tests against real pods on 127.0.0.1. */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export interface Choice {
  index: number;
  delta?: { role?: string; content?: string };
  message?: { role: string; content: string };
  text?: string;
  finish_reason: string | null;
  logprobs: null;
  stop_reason?: null;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** A completion, chat completion or one of their stream chunks. */
export interface Completion {
  id: string;
  object: string;
  created: number;
  model: string;
  choices: Choice[];
  usage?: Usage;
}

export interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: number };
}

export interface SseResult {
  /** Parsed JSON chunks, in order. */
  chunks: Completion[];
  done: boolean;
  raw: string;
}

/** Read a whole SSE body into `data:` chunks; `[DONE]` sets done. */
export async function readSse(res: Response): Promise<SseResult> {
  const raw = await res.text();
  const chunks: Completion[] = [];
  let done = false;
  for (const event of raw.split('\n\n')) {
    const line = event.trim();
    if (!line) continue;
    if (!line.startsWith('data: ')) throw new Error(`not an SSE data line: ${line}`);
    const data = line.slice('data: '.length);
    if (data === '[DONE]') done = true;
    else chunks.push(JSON.parse(data) as Completion);
  }
  return { chunks, done, raw };
}

/** Read an SSE stream incrementally until the connection ends or fails; returns what arrived. */
export async function readSseUntilEnd(res: Response): Promise<{ text: string; error: unknown }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, error: null };
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    return { text, error };
  }
}

export const chatBody = (content: string, extra: Record<string, unknown> = {}) => ({
  model: 'redline/harper-gec',
  messages: [
    { role: 'system', content: 'You correct grammar.\nDialect: American' },
    { role: 'user', content },
  ],
  ...extra,
});

/** Sum of a Prometheus sample (all label sets) from exposition text, by metric+suffix name. */
export function metricValue(text: string, name: string, labelFilter = ''): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const [series, value] = [line.slice(0, line.lastIndexOf(' ')), line.slice(line.lastIndexOf(' ') + 1)];
    const metric = series.split('{')[0];
    if (metric === name && series.includes(labelFilter)) sum += Number(value);
  }
  return sum;
}

/** POST with node:http and keep every byte that arrived before the connection ended or broke. */
export function rawPost(
  url: string,
  body: unknown,
): Promise<{ status: number; text: string; broken: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      let broken = false;
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        text += d;
      });
      res.on('aborted', () => {
        broken = true;
      });
      res.on('error', () => {
        broken = true;
      });
      res.on('close', () => resolve({ status: res.statusCode ?? 0, text, broken: broken || !res.complete }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** Poll `probe` until it returns true or `timeoutMs` passes (machines here are shared and slow). */
export async function waitFor(probe: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
}
