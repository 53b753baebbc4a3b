/**
 * Benchmark: how fast the engine simulates, for the fleet simulator's budget (12M requests < 3 min on one
 * core). Drives one engine per "pod" with Poisson arrivals near saturation and reports ns per request and
 * per sequence-token. Run: `npx tsx bench-engine.ts [requests]` from packages/pod-model.
 * Writes <repo>/bench/results/pod-model-engine.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, decodeThroughput, getProfile } from './src/index.ts';

const total = Number(process.argv[2] ?? 2_000_000);
const profile = getProfile('l40s-llama3-8b');
const engine = createEngine({ profile });
// ~50 prompt + ~50 output tokens; arrivals at ~85% of the 128-batch decode capacity.
const ratePerMs = ((decodeThroughput(profile, 128) / 50) * 0.85) / 1000;
let seed = 42;
const rand = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return (seed + 0.5) / 4294967296;
};

let now = 0;
let steps = 0;
let tokenSteps = 0;
let finished = 0;
let ttftSum = 0;
const t0 = process.hrtime.bigint();
for (let i = 0; i < total; i++) {
  now += -Math.log(rand()) / ratePerMs;
  for (let r = engine.step(now); r !== null; r = engine.step(now)) {
    steps++;
    tokenSteps += r.batchSize;
    for (const s of r.firstTokens) ttftSum += s.firstTokenAt - s.submittedAt;
    finished += r.finished.length;
  }
  const out = 30 + Math.floor(rand() * 40);
  engine.submit(
    { id: i, promptTokens: 40 + Math.floor(rand() * 20), maxOutputTokens: 256, outputTokens: out },
    now,
  );
}
engine.advanceTo(Number.POSITIVE_INFINITY, (r) => {
  steps++;
  tokenSteps += r.batchSize;
  for (const s of r.firstTokens) ttftSum += s.firstTokenAt - s.submittedAt;
  finished += r.finished.length;
});
const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;

const result = {
  benchmark: 'pod-model engine throughput (single core)',
  profile: profile.name,
  requests: total,
  finished,
  engineSteps: steps,
  sequenceTokenSteps: tokenSteps,
  simulatedSeconds: now / 1000,
  wallMs: Math.round(wallMs),
  nsPerRequest: Math.round((wallMs * 1e6) / total),
  nsPerSequenceTokenStep: Math.round((wallMs * 1e6) / tokenSteps),
  meanBatch: tokenSteps / steps,
  meanTtftMs: ttftSum / finished,
  projectedSecondsFor12MRequests: (wallMs / 1000) * (12_000_000 / total),
  node: process.version,
  at: new Date().toISOString(),
};
console.log(result);
const out = join(dirname(fileURLToPath(import.meta.url)), '../../bench/results/pod-model-engine.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(`wrote ${out}`);
