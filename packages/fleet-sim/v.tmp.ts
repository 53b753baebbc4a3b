import { runFleet } from './src/run-fleet.ts';
import { runPooledReference } from './src/sim/pooled-reference.ts';

const slots = Number(process.argv[2] ?? 2);
const qps = Number(process.argv[3] ?? 35);
const variants: Record<string, object> = JSON.parse(process.argv[4] ?? '{}');
const base = (seed: number) => ({
  arrivals: {
    kind: 'poisson' as const,
    qps,
    seconds: 120,
    outputTokens: { kind: 'fixed' as const, value: 16 },
  },
  profile: 'l40s-llama3-8b',
  maxNumSeqs: slots,
  pods: 8,
  seed,
  networkDelayMs: 0.1,
  warmupMs: 2000,
  drainLimitMs: 15000,
});
const ref = [1, 2, 3].map((s) => runPooledReference(base(s)).latency.p99);
console.log('reference', ref.map((x) => x.toFixed(0)).join(' '));
for (const [name, tuning] of Object.entries({ default: {}, rr: 'rr', ...variants })) {
  const row = [1, 2, 3].map((seed, i) => {
    const r = runFleet({
      ...base(seed),
      gateways: 1,
      policy: tuning === 'rr' ? 'round-robin' : 'redline',
      deadlineMs: 5000,
      routerTuning: tuning === 'rr' ? {} : { redline: tuning },
    } as never);
    return `${r.latency.p99.toFixed(0)} (${(r.latency.p99 / ref[i]!).toFixed(3)})`;
  });
  console.log(name.padEnd(12), row.join('  '));
}
