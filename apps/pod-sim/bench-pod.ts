/**
 * Benchmark: does a live pod reproduce the latency model in wall-clock time, and what does harper cost?
 * 1. echo engine, l40s-llama3-8b, timeScale 1: closed loop with C concurrent streaming clients for a bounded
 *    time; observed ITL vs the model's step time at that batch size, TTFT, decode throughput.
 * 2. harper engine: sequential requests; CPU time of linting per request.
 * Run: `npx tsx bench-pod.ts` from apps/pod-sim. Writes <repo>/bench/results/pod-sim.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { estimateStepMs, getProfile } from '@redline/pod-model';
import { correctWithHarper, warmUpHarper } from './src/harper-corrector.ts';
import { startPod } from './src/index.ts';

const CONCURRENCY = Number(process.argv[2] ?? 32);
const DURATION_MS = 6000;
const MAX_REQUESTS = 2000;
const TEXT = 'The committee reviewed the proposal and decided that more analysis of the budget was needed.';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};

async function streamOnce(url: string, ttfts: number[], itls: number[]): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: TEXT }], stream: true }),
  });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let last = Number.NaN;
  let tokens = 0;
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    const events = buffer.split('\n\n');
    buffer = events.pop() ?? '';
    const now = performance.now();
    for (const e of events) {
      if (!e.includes('"content":"') || e.includes('"role"')) continue;
      tokens++;
      if (Number.isNaN(last)) ttfts.push(now - t0);
      else itls.push(now - last);
      last = now;
    }
  }
  return tokens;
}

const profile = getProfile('l40s-llama3-8b');
const pod = await startPod({ engine: 'echo', profile });
const ttfts: number[] = [];
const itls: number[] = [];
let requests = 0;
let tokens = 0;
const t0 = performance.now();
const batchSamples: number[] = [];
const sampler = setInterval(() => {
  const running = pod.stats().running;
  if (running > 0) batchSamples.push(running);
}, 5);
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (performance.now() - t0 < DURATION_MS && requests < MAX_REQUESTS) {
      requests++;
      const n = await streamOnce(pod.url, ttfts, itls);
      tokens += n;
    }
  }),
);
const elapsed = performance.now() - t0;
clearInterval(sampler);
const podStats = pod.stats();
await pod.close();
const meanBatch = batchSamples.reduce((a, b) => a + b, 0) / Math.max(1, batchSamples.length);

await warmUpHarper();
const lintMs: number[] = [];
for (let i = 0; i < 40; i++) {
  const c0 = process.cpuUsage();
  await correctWithHarper(`${TEXT} Their going too the park tomorow number ${i}.`, 'American');
  const c = process.cpuUsage(c0);
  lintMs.push((c.user + c.system) / 1000);
}

const result = {
  benchmark: 'pod-sim wall-clock fidelity and harper cost',
  profile: profile.name,
  concurrency: CONCURRENCY,
  requests,
  seconds: elapsed / 1000,
  decodeTokensPerSecond: (tokens * 1000) / elapsed,
  meanRunningBatch: meanBatch,
  modelStepMsAtMeanBatch: estimateStepMs(profile, meanBatch, 0),
  modelDecodeTokensPerSecondAtMeanBatch: (meanBatch * 1000) / estimateStepMs(profile, meanBatch, 0),
  stepLagMs: { mean: podStats.stepLagMsMean, max: podStats.stepLagMsMax },
  loadAverage: loadavg()[0],
  itlMs: { p50: pct(itls, 50), p90: pct(itls, 90), p99: pct(itls, 99) },
  ttftMs: { p50: pct(ttfts, 50), p90: pct(ttfts, 90), p99: pct(ttfts, 99) },
  harperLintCpuMs: { p50: pct(lintMs, 50), p90: pct(lintMs, 90), max: Math.max(...lintMs) },
  node: process.version,
  at: new Date().toISOString(),
};
console.log(result);
const out = join(dirname(fileURLToPath(import.meta.url)), '../../bench/results/pod-sim.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(`wrote ${out}`);
