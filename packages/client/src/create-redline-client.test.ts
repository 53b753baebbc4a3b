import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRedlineClient } from './create-redline-client.ts';

interface Seen {
  method: string;
  url: URL;
  headers: Headers;
  body: string | undefined;
}

/** A fetch double answering like the gateway would, recording what the client sent. */
function recordingFetch(respond: (seen: Seen) => Response) {
  const seen: Seen[] = [];
  const fetchDouble = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = {
      method: init?.method ?? 'GET',
      url: new URL(String(input)),
      headers: new Headers(init?.headers),
      body: init?.body as string | undefined,
    };
    seen.push(request);
    return respond(request);
  }) as typeof fetch;
  return { seen, fetch: fetchDouble };
}

describe('createRedlineClient', () => {
  it('sends mutations as POST /trpc/<path> with the bearer key', async () => {
    const { seen, fetch } = recordingFetch(
      () =>
        new Response(JSON.stringify({ result: { data: { ok: true } } }), {
          headers: { 'content-type': 'application/json' },
        }),
    );
    const client = createRedlineClient({ url: 'http://gw.test:8787/', apiKey: 'rl_abc', fetch });
    await expect(
      client.feedback.record.mutate({ action: 'applied', category: 'spelling', model: 'm' }),
    ).resolves.toEqual({ ok: true });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.url.pathname).toBe('/trpc/feedback.record');
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer rl_abc');
    expect(JSON.parse(seen[0]?.body ?? '{}')).toEqual({
      action: 'applied',
      category: 'spelling',
      model: 'm',
    });
  });

  it('sends queries over the streaming batch link (POST, batch=1, jsonl) and resolves the key per request', async () => {
    // Only the request matters here; the gateway's integration tests cover the streamed response.
    const { seen, fetch } = recordingFetch(() => new Response('', { status: 500 }));
    let calls = 0;
    const client = createRedlineClient({
      url: 'http://gw.test',
      apiKey: async () => `rl_rotated_${++calls}`,
      fetch,
    });
    const error = await client.keys.list.query().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    // Queries are POSTed (method override) so large inputs are not squeezed into a URL.
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.url.pathname).toBe('/trpc/keys.list');
    expect(seen[0]?.url.searchParams.get('batch')).toBe('1');
    expect(seen[0]?.headers.get('trpc-accept')).toBe('application/jsonl');
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer rl_rotated_1');
  });

  it('is browser-safe: no Node built-ins and no runtime import of the gateway', () => {
    const dir = new URL('.', import.meta.url).pathname;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const source = readFileSync(join(dir, file), 'utf8');
      expect(source, file).not.toMatch(/from ['"](node:|fs|path|http|crypto)/);
      for (const line of source.split('\n').filter((l) => l.includes('@redline/gateway'))) {
        expect(line, file).toMatch(/^import type /);
      }
    }
  });
});
