import { describe, expect, it } from 'vitest';
import { createRolloutClient } from './rollout-client.ts';

interface Captured {
  url: string;
  method: string;
  auth: string | null;
  body: unknown;
}

/** A fetch stand-in answering like a tRPC v11 httpLink endpoint (no transformer). */
function fakeFetch(captured: Captured[], data: unknown): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    captured.push({
      url: String(input),
      method: init?.method ?? 'GET',
      auth: headers.get('authorization'),
      body: init?.body ? JSON.parse(String(init.body)) : null,
    });
    return new Response(JSON.stringify({ result: { data } }), {
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
}

describe('rollout client (untyped tRPC proxy)', () => {
  it('calls rollouts.start as a POST mutation with the admin token', async () => {
    const captured: Captured[] = [];
    const client = createRolloutClient({
      url: 'http://127.0.0.1:9/trpc',
      adminToken: 'secret-admin',
      fetch: fakeFetch(captured, { id: 'r1', stage: 'canary' }),
    });
    const result = await client.start({ candidate: 'gec-v2', baseline: 'gec-v1' });
    expect(result).toEqual({ id: 'r1', stage: 'canary' });
    expect(captured[0]!.url).toBe('http://127.0.0.1:9/trpc/rollouts.start');
    expect(captured[0]!.method).toBe('POST');
    expect(captured[0]!.auth).toBe('Bearer secret-admin');
    expect(captured[0]!.body).toEqual({ candidate: 'gec-v2', baseline: 'gec-v1' });
  });

  it('queries rollouts.status with GET and input in the URL', async () => {
    const captured: Captured[] = [];
    const client = createRolloutClient({
      url: 'http://127.0.0.1:9/trpc',
      adminToken: 't',
      fetch: fakeFetch(captured, []),
    });
    await client.status({ id: 'r1' });
    expect(captured[0]!.method).toBe('GET');
    expect(decodeURIComponent(captured[0]!.url)).toContain('rollouts.status?input={"id":"r1"}');
  });

  it('advance, rollback and recordGate are mutations on their procedures', async () => {
    const captured: Captured[] = [];
    const client = createRolloutClient({
      url: 'http://127.0.0.1:9/trpc',
      adminToken: 't',
      fetch: fakeFetch(captured, null),
    });
    await client.advance({ id: 'r1', reason: 'gate PASS' });
    await client.rollback({ id: 'r1', reason: 'p99 regression' });
    await client.recordGate({ rolloutId: 'r1', verdict: 'PASS', report: { delta: 0 } });
    expect(captured.map((c) => `${c.method} ${c.url.split('/trpc/')[1]}`)).toEqual([
      'POST rollouts.advance',
      'POST rollouts.rollback',
      'POST rollouts.recordGate',
    ]);
  });
});
