import { runFleet } from './src/run-fleet.ts';
import { runPooledReference } from './src/sim/pooled-reference.ts';

const shapes = {
  fleet50: (seed: number) => ({
    arrivals: { kind: 'poisson' as const, qps: 20000, seconds: 15 },
    profile: 'l40s-llama3.2-3b',
    pods: 274,
    gateways: 50,
    seed,
    networkDelayMs: 0.5,
    warmupMs: 2000,
    drainLimitMs: 15000,
  }),
  slowpod8: (seed: number) => ({
    arrivals: {
      kind: 'poisson' as const,
      qps: 122,
      seconds: 120,
      outputTokens: { kind: 'fixed' as const, value: 16 },
    },
    profile: 'l40s-llama3-8b',
    maxNumSeqs: 8,
    pods: 8,
    gateways: 1,
    seed,
    networkDelayMs: 0.1,
    warmupMs: 2000,
    drainLimitMs: 15000,
    deadlineMs: 5000,
    slowPods: { 3: 3 },
  }),
  p95: (seed: number) => ({
    arrivals: {
      kind: 'poisson' as const,
      qps: 136,
      seconds: 120,
      outputTokens: { kind: 'fixed' as const, value: 16 },
    },
    profile: 'l40s-llama3-8b',
    maxNumSeqs: 8,
    pods: 8,
    gateways: 1,
    seed,
    networkDelayMs: 0.1,
    warmupMs: 2000,
    drainLimitMs: 15000,
    deadlineMs: 5000,
  }),
  fail8: (seed: number) => ({
    arrivals: {
      kind: 'poisson' as const,
      qps: 122,
      seconds: 120,
      outputTokens: { kind: 'fixed' as const, value: 16 },
    },
    profile: 'l40s-llama3-8b',
    maxNumSeqs: 8,
    pods: 8,
    gateways: 1,
    seed,
    networkDelayMs: 0.1,
    warmupMs: 2000,
    drainLimitMs: 15000,
    deadlineMs: 5000,
    failingPods: { 3: 0.2 },
  }),
  auto: (seed: number) => ({
    arrivals: {
      kind: 'poisson' as const,
      qps: 1008,
      seconds: 60,
      inputTokens: { kind: 'uniform' as const, min: 40, max: 60 },
      outputTokens: { kind: 'uniform' as const, min: 40, max: 60 },
    },
    profile: 'l40s-llama3.2-3b',
    pods: 16,
    gateways: 2,
    seed,
    networkDelayMs: 0.5,
    warmupMs: 5000,
    drainLimitMs: 15000,
    deadlineMs: 10000,
  }),
};
const only = process.argv[2]?.split(',');
for (const [name, shape] of Object.entries(shapes)) {
  if (only && !only.includes(name)) continue;
  const row = [1, 2, 3].map((seed) => {
    const o = shape(seed);
    const r = runFleet({ ...o, policy: 'redline' } as never);
    const ref =
      name === 'fleet50'
        ? ` (${(r.latency.p99 / runPooledReference(o as never).latency.p99).toFixed(3)}×ref)`
        : '';
    return `${r.latency.p99.toFixed(0)}${ref} ok=${(r.withinSloShare * 100).toFixed(2)}`;
  });
  console.log(name.padEnd(9), row.join('  '));
}
