import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack, useTestDatabase, waitReady } from './support/stack.ts';

/** Upstream requests in total, sent as correct.check calls of SEGMENTS segments by WORKERS concurrent callers. */
const REQUESTS = 300;
const SEGMENTS = 5;
const WORKERS = 4;

describe('routing around a slow pod', () => {
  const shared = useTestDatabase();
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ db: shared.db, pods: { count: 4, engine: 'echo', profile: 'test-fast' } });
    await waitReady(stack.gateway);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('sends clearly fewer requests to a pod slowed 5x', async () => {
    const [slow, ...others] = stack.fleet.pods;
    slow!.setFaults({ slowdown: 5 });
    const before = stack.fleet.pods.map((p) => p.stats().requests);
    let sent = 0;
    const deadline = Date.now() + 15_000;
    const worker = async () => {
      while (sent < REQUESTS && Date.now() < deadline) {
        // Unique texts: the correction cache must not absorb any of the load.
        const segments = Array.from({ length: SEGMENTS }, (_, j) => ({
          id: `s${j}`,
          text: `Request number ${sent + j} checks the routing of a steady stream of short segments.`,
        }));
        sent += SEGMENTS;
        for await (const _ of await stack.client.correct.check.query({ segments })) {
          // drain
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    // On a loaded CI machine the time bound may stop the loop early; the share below needs ~100 samples.
    expect(sent).toBeGreaterThanOrEqual(100);

    const served = stack.fleet.pods.map((p, i) => p.stats().requests - before[i]!);
    const slowCount = served[0]!;
    const othersMean = served.slice(1).reduce((a, b) => a + b, 0) / others.length;
    console.info(`requests per pod (first is slowed 5x): ${served.join(', ')}`);
    expect(served.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(sent);
    expect(slowCount).toBeLessThan(0.6 * othersMean);
  }, 20_000);
});
