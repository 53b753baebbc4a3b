import { z } from 'zod';
import { DEFAULT_RESULTS_DIR, SHARED_DATA_DIR } from '../paths.ts';
import { formatComparisonTable } from '../simulate/format-report.ts';
import { runComparison } from '../simulate/run-comparison.ts';
import { TRACE_NAMES, type TraceName } from '../simulate/traces.ts';
import { type FlagSpec, parseFlags } from './parse-flags.ts';

export const SIMULATE_HELP = `redline-autoscaler simulate [options]

Runs each trace through fleet-sim (real router, modelled L40S pods) once per policy — KPA defaults,
HPA defaults, redline — and reports SLO attainment, success rate, GPU-hours, scale events, direction
reversals per hour and burst recovery. Writes bench/results/autoscaler-<timestamp>.json and one SVG chart
per trace. Traces are rate-scaled and time-compressed; the output states the factors.

  --trace T            code | conv | diurnal | step | all (default all)
  --startup-ms MS      pod start-up delay (default 180000)
  --scale F            fraction of the 200 000 req/s design peak to simulate (default 0.01 → 2 000 req/s)
  --out-dir DIR        results directory (default ${DEFAULT_RESULTS_DIR})
  --profile P          pod-model profile (default l40s-llama3.2-3b; the 8B profile cannot meet a 1 s p99
                       for 50 output tokens at any load)
  --slo-ms MS          latency SLO (default 1000)
  --trace-minutes N    simulated length of the Azure traces (default 20)
  --day-minutes N      simulated length of the diurnal day (default 30)
  --step-minutes N     simulated length of the step run (default 12)
  --no-memory          redline without diurnal memory on the diurnal trace
  --missing-metrics F  also run the step trace with this share of pods never reporting metrics (scrape
                       failures; default 0.5, 0 to skip)
  --seed N             (default 1)
`;

const spec: FlagSpec = {
  trace: { type: 'string' },
  'startup-ms': { type: 'string' },
  scale: { type: 'string' },
  'out-dir': { type: 'string' },
  profile: { type: 'string' },
  'slo-ms': { type: 'string' },
  'trace-minutes': { type: 'string' },
  'day-minutes': { type: 'string' },
  'step-minutes': { type: 'string' },
  'no-memory': { type: 'boolean' },
  'missing-metrics': { type: 'string' },
  seed: { type: 'string' },
  gateways: { type: 'string' },
};

const schema = z.object({
  trace: z.enum(['code', 'conv', 'diurnal', 'step', 'all']).default('all'),
  'startup-ms': z.coerce.number().int().min(0).max(3_600_000).default(180_000),
  scale: z.coerce.number().positive().max(1).default(0.01),
  'out-dir': z.string().min(1).default(DEFAULT_RESULTS_DIR),
  profile: z.string().min(1).default('l40s-llama3.2-3b'),
  'slo-ms': z.coerce.number().positive().default(1000),
  'trace-minutes': z.coerce.number().positive().max(600).default(20),
  'day-minutes': z.coerce.number().positive().max(1440).default(30),
  'step-minutes': z.coerce.number().positive().max(600).default(12),
  'no-memory': z.boolean().default(false),
  'missing-metrics': z.coerce.number().min(0).max(1).default(0.5),
  seed: z.coerce.number().int().default(1),
  gateways: z.coerce.number().int().min(1).max(64).default(2),
});

export async function simulateCommand(argv: readonly string[], log: (line: string) => void): Promise<void> {
  const f = parseFlags(argv, spec, schema);
  const traces: TraceName[] = f.trace === 'all' ? [...TRACE_NAMES] : [f.trace as TraceName];
  const { report, jsonPath } = await runComparison({
    traces,
    scale: f.scale,
    podStartupMs: f['startup-ms'],
    outDir: f['out-dir'],
    dataDir: SHARED_DATA_DIR,
    seed: f.seed,
    profile: f.profile,
    gateways: f.gateways,
    sloMs: f['slo-ms'],
    traceMinutes: f['trace-minutes'],
    dayMinutes: f['day-minutes'],
    stepMinutes: f['step-minutes'],
    memory: !f['no-memory'],
    missingMetricsShare: f['missing-metrics'],
    log,
  });
  log('');
  log(formatComparisonTable(report));
  log('');
  log(`wrote ${jsonPath}`);
  for (const t of report.traces) if (t.chart) log(`wrote ${t.chart}`);
}
