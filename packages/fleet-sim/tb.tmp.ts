import { runFleet } from './src/run-fleet.ts';

const bench =
  (qps: number, extra = {}) =>
  (seed: number) => ({
    arrivals: {
      kind: 'poisson' as const,
      qps,
      seconds: 120,
      inputTokens: { kind: 'fixed' as const, value: 50 },
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
    ...extra,
  });
const shapes = {
  b85: bench(122),
  b95: bench(136),
  slow: bench(122, { slowPods: { 3: 3 } }),
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
for (const [name, shape] of Object.entries(shapes)) {
  const cells = (['balanced', 'spacing', 'load'] as const).map((tieBreak) => {
    const v = [1, 2, 3].map(
      (seed) =>
        runFleet({ ...shape(seed), policy: 'redline', routerTuning: { redline: { tieBreak } } } as never)
          .latency.p99,
    );
    return `${tieBreak} ${Math.round(Math.min(...v))}–${Math.round(Math.max(...v))}`;
  });
  console.log(name, cells.join(' | '));
}
