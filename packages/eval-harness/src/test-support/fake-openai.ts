import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeOpenAIOptions {
  /** Output for a user text; default echo. */
  reply?: (text: string) => string;
  delayMs?: number;
  /** Fail (HTTP 503) the first N requests for a text, to exercise retries. */
  failFirst?: (text: string) => number;
}

export interface FakeOpenAI {
  url: string;
  requests: Map<string, number>;
  bodies: unknown[];
  close(): Promise<void>;
}

/** A tiny OpenAI-compatible streaming chat-completions server for tests (127.0.0.1, ephemeral port). */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const requests = new Map<string, number>();
  const bodies: unknown[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw) as { messages: Array<{ role: string; content: string }> };
    bodies.push(body);
    const text = body.messages.find((m) => m.role === 'user')?.content ?? '';
    const n = (requests.get(text) ?? 0) + 1;
    requests.set(text, n);
    if (n <= (options.failFirst?.(text) ?? 0)) {
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"message":"overloaded"}}');
      return;
    }
    await new Promise((r) => setTimeout(r, options.delayMs ?? 0));
    const out = (options.reply ?? ((t: string) => t))(text);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const words = out.split(/(?<= )/);
    for (const w of words) {
      res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: w } }] })}\n\n`);
    }
    res.write(
      `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 40, completion_tokens: words.length } })}\n\n`,
    );
    res.end('data: [DONE]\n\n');
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    bodies,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
