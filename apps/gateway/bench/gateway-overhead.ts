/**
 * What the gateway adds on top of a pod: latency and throughput of the same closed-loop load sent
 * (a) straight to the pods, (b) through the gateway's /v1 streaming passthrough, (c) through correct.check.
 * Pods: pod-sim echo engine, test-fast profile (so the gateway, not the model, dominates).
 *   npm run bench -w @redline/gateway            (REQUESTS=400 CONCURRENCY=16 to change the load)
 * Writes bench/results/gateway-overhead.json at the repo root.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRedlineClient } from '@redline/client';
import { openDatabase } from '@redline/db';
import { startPods } from '@redline/pod-sim';
import { Agent, request } from 'undici';
import { startGateway } from '../src/index.ts';

const REQUESTS = Number(process.env.REQUESTS ?? 400);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const MODEL = 'redline/harper-gec';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function closedLoop(run: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        const i = next++;
        const t = performance.now();
        await run(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: Math.round(REQUESTS / seconds),
    p50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
    p99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
  };
}

const text = (i: number) => `Request ${i}: the quick brown fox jumps over the lazy dog.`;
const chatBody = (i: number) =>
  JSON.stringify({
    model: MODEL,
    stream: true,
    max_tokens: 40,
    messages: [{ role: 'user', content: text(i) }],
  });

const fleet = await startPods({ count: 4, port: 0, profile: 'test-fast', engine: 'echo', modelName: MODEL });
const db = await (process.env.DATABASE_URL
  ? openDatabase({ url: process.env.DATABASE_URL })
  : openDatabase({ memory: true }));
const gateway = await startGateway({
  db,
  endpoints: fleet.pods.map((p) => p.url),
  model: MODEL,
  logLevel: 'warn',
  cache: { maxEntries: 0 },
});
const dispatcher = new Agent({ connections: 64 });
try {
  const { key } = await db.apiKeys.create({ name: 'bench' });
  const post = async (url: string, body: string, headers: Record<string, string> = {}) => {
    const res = await request(url, {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    await res.body.text();
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode} from ${url}`);
  };
  const client = createRedlineClient({ url: gateway.url, apiKey: key });
  // Warm-up: connections, JIT.
  await Promise.all(fleet.pods.map((p, i) => post(`${p.url}/v1/chat/completions`, chatBody(-i))));

  const direct = await closedLoop((i) =>
    post(`${fleet.pods[i % fleet.pods.length]!.url}/v1/chat/completions`, chatBody(i)),
  );
  const v1 = await closedLoop((i) =>
    post(`${gateway.url}/v1/chat/completions`, chatBody(i + REQUESTS), { authorization: `Bearer ${key}` }),
  );
  const check = await closedLoop(async (i) => {
    for await (const _ of await client.correct.check.query({
      segments: [{ id: 'a', text: text(i + 2 * REQUESTS) }],
    })) {
      // drain
    }
  });
  const result = {
    benchmark: 'gateway overhead over direct pod calls (closed loop)',
    requests: REQUESTS,
    concurrency: CONCURRENCY,
    pods: fleet.pods.length,
    podProfile: 'test-fast (echo engine)',
    direct,
    v1Passthrough: v1,
    correctCheck: check,
    addedP50Ms: {
      v1: Math.round((v1.p50Ms - direct.p50Ms) * 10) / 10,
      check: Math.round((check.p50Ms - direct.p50Ms) * 10) / 10,
    },
    node: process.version,
    at: new Date().toISOString(),
  };
  console.log(JSON.stringify(result, null, 2));
  const dir = new URL('../../../bench/results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL('gateway-overhead.json', dir), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await gateway.close();
  await dispatcher.close();
  await db.close();
  await fleet.close();
}
