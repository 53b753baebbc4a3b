import { runPooledReference } from './src/sim/pooled-reference.ts';

for (const pods of (process.argv[2] ?? '').split(',').map(Number)) {
  const t = performance.now();
  const r = runPooledReference({
    arrivals: { kind: 'poisson', qps: 200000, seconds: 15 },
    profile: 'l40s-llama3.2-3b',
    pods,
    seed: 1,
    networkDelayMs: 0.5,
    warmupMs: 2000,
  });
  console.log(
    pods,
    r.latency.p50,
    r.latency.p99,
    r.latency.p999,
    r.unfinished,
    ((performance.now() - t) / 1000).toFixed(1) + 's',
  );
}
