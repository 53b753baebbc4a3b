import { afterEach, describe, expect, it } from 'vitest';
import { type Stack, startStack, useTestDatabase, waitFor, waitReady } from './support/stack.ts';

describe('health, readiness, metrics and shutdown', () => {
  const shared = useTestDatabase();
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  it('is ready while a pod is healthy and not when all fail their health checks', async () => {
    stack = await startStack({ db: shared.db, pods: { count: 2, engine: 'echo' } });
    await waitReady(stack.gateway);
    const ready = (await (await fetch(`${stack.gateway.url}/readyz`)).json()) as {
      pools: { endpoints: unknown[] }[];
    };
    expect(ready.pools[0]?.endpoints).toHaveLength(2);
    for (const pod of stack.fleet.pods) pod.setFaults({ unhealthy: true });
    await waitFor(
      async () => (await fetch(`${stack!.gateway.url}/readyz`)).status === 503,
      5000,
      'not ready',
    );
    stack.fleet.pods[1]!.setFaults({ unhealthy: false });
    await waitReady(stack.gateway);
  });

  it('exposes Prometheus metrics with per-endpoint in-flight', async () => {
    stack = await startStack({ db: shared.db, pods: { count: 2, engine: 'echo' } });
    await waitReady(stack.gateway);
    for await (const _ of await stack.client.correct.check.query({
      segments: [{ id: 'a', text: 'Hi there.' }],
    })) {
      // drain
    }
    const text = await (await fetch(`${stack.gateway.url}/metrics`)).text();
    expect(text).toContain('redline_gateway_endpoint_in_flight{pool="redline/harper-gec"');
    expect(text).toMatch(/redline_gateway_upstream_outcomes_total\{[^}]*outcome="success"\} 1/);
    expect(text).toMatch(/redline_gateway_request_duration_seconds_count\{procedure="correct.check"\} 1/);
  });

  it('finishes in-flight requests on close and refuses new ones', async () => {
    stack = await startStack({ db: shared.db, pods: { count: 1, engine: 'echo', faults: { slowdown: 20 } } });
    await waitReady(stack.gateway);
    const inFlight = (async () => {
      const out = [];
      for await (const r of await stack!.client.correct.check.query({
        segments: [{ id: 'a', text: 'A sentence that takes a little while to echo back.' }],
      })) {
        out.push(r);
      }
      return out;
    })();
    await waitFor(() => stack!.fleet.pods[0]!.stats().inFlight > 0, 3000, 'request in flight');
    const closing = stack.gateway.close();
    const results = await inFlight;
    expect(results).toHaveLength(1);
    await closing;
    await expect(fetch(`${stack.gateway.url}/healthz`)).rejects.toThrow();
  });
});
