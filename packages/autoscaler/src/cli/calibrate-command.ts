import { z } from 'zod';
import { calibrate, formatCurve } from '../calibrate/calibrate.ts';
import { writeTargetFile } from '../calibrate/target-file.ts';
import { DEFAULT_TARGET_FILE } from '../paths.ts';
import { type FlagSpec, parseFlags } from './parse-flags.ts';

export const CALIBRATE_HELP = `redline-autoscaler calibrate --endpoint URL --slo-p99-ms MS [options]

Sweeps closed-loop concurrency against ONE OpenAI-compatible pod (pod-sim or vLLM): streaming chat
completions of ~50 input tokens, max_tokens 50. Doubles the level until p99 breaks the SLO, then bisects.
Prints the curve and writes the highest passing per-pod concurrency for the controller.

  --endpoint URL           pod base URL, e.g. http://127.0.0.1:8000 (required)
  --slo-p99-ms MS          end-to-end p99 SLO in ms (required)
  --model M                model name (default: first id from GET /v1/models)
  --out FILE               target file (default ${DEFAULT_TARGET_FILE})
  --max-concurrency N      highest level tried (default 512)
  --level-seconds S        time bound per level (default 15)
  --level-requests N       request bound per level (default 2000)
  --max-tokens N|A-B       max_tokens per request, or a range spread evenly over the requests to match the
                           traffic's output lengths, e.g. 40-60 (default 50)
`;

const spec: FlagSpec = {
  endpoint: { type: 'string' },
  'slo-p99-ms': { type: 'string' },
  model: { type: 'string' },
  out: { type: 'string' },
  'max-concurrency': { type: 'string' },
  'level-seconds': { type: 'string' },
  'level-requests': { type: 'string' },
  'max-tokens': { type: 'string' },
};

const schema = z.object({
  endpoint: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  'slo-p99-ms': z.coerce.number().positive(),
  model: z.string().min(1).optional(),
  out: z.string().min(1).default(DEFAULT_TARGET_FILE),
  'max-concurrency': z.coerce.number().int().min(1).max(4096).default(512),
  'level-seconds': z.coerce.number().positive().max(600).default(15),
  'level-requests': z.coerce.number().int().min(10).default(2000),
  'max-tokens': z
    .string()
    .regex(/^\d+(-\d+)?$/, 'must be N or A-B, e.g. 50 or 40-60')
    .default('50')
    .transform((v, ctx) => {
      const [a, b = a] = v.split('-').map(Number) as [number, number?];
      if (!(a >= 1 && b >= a && b <= 4096)) {
        ctx.addIssue({ code: 'custom', message: 'needs 1 ≤ A ≤ B ≤ 4096' });
        return z.NEVER;
      }
      return a === b ? a : { min: a, max: b };
    }),
});

export async function calibrateCommand(argv: readonly string[], log: (line: string) => void): Promise<void> {
  const f = parseFlags(argv, spec, schema);
  log(`calibrating ${f.endpoint} against p99 ≤ ${f['slo-p99-ms']} ms`);
  const target = await calibrate({
    endpoint: f.endpoint,
    sloP99Ms: f['slo-p99-ms'],
    model: f.model,
    maxTokens: f['max-tokens'],
    maxConcurrency: f['max-concurrency'],
    level: {
      maxMs: f['level-seconds'] * 1000,
      maxRequests: f['level-requests'],
      warmupMs: Math.min(2_000, f['level-seconds'] * 100),
    },
    onLevel: (l, passed) =>
      log(
        `  concurrency ${l.concurrency}: p99 ${Math.round(l.p99Ms)} ms, ${l.throughputRps.toFixed(1)} req/s, ${l.errors} errors → ${passed ? 'meets' : 'misses'} SLO`,
      ),
  });
  log('');
  log(formatCurve(target));
  log('');
  log(`target: ${target.targetConcurrencyPerPod} in-flight requests per pod (model ${target.model})`);
  await writeTargetFile(f.out, target);
  log(`wrote ${f.out}`);
}
