/**
 * Command-line parsing for redline-fleet-sim (node:util parseArgs + zod validation, typed errors).
 */
import { parseArgs } from 'node:util';
import { isPolicyName, type PolicyName, REDLINE_TIE_BREAKS } from '@redline/router';
import { z } from 'zod';
import type { TokenDistribution } from '../types.ts';

export const USAGE = `redline-fleet-sim — discrete-event simulation of the Redline fleet

  --qps N              arrival rate (default 200000)
  --pods N             ready pods (default 4000)
  --gateways N         independent gateway replicas (default 50)
  --policy NAME|all    round-robin | random | least-request | peak-ewma | redline | all (default redline)
  --seconds N          simulated arrival window (default 60)
  --profile NAME       @redline/pod-model profile (default l40s-llama3.2-3b)
  --max-num-seqs N     the pods' batch limit, as vLLM's --max-num-seqs (default: the profile's)
  --redline-tie-break balanced|load|spacing
                       redline's tie-break within its cost band (default balanced; see packages/router)
  --seed N             random seed (default 1)
  --network-delay-ms N one-way gateway↔pod delay (default 0.5)
  --deadline-ms N      per-request deadline: shedding + timeouts (default none)
  --warmup-ms N        exclude requests arriving earlier from statistics (default 2000)
  --input-tokens D     fixed N | uniform:A-B | exp:MEAN (default 50)
  --output-tokens D    same forms (default 50)
  --no-length-hint     do not tell the router each request's output length (default: told, as the
                       gateway does from the text to correct or max_tokens)
  --slow-pod I:F       pod I runs F× slower (repeatable)
  --failing-pod I:S    pod I answers a share S (0–1) of its requests at once with HTTP 503; the gateways
                       retry elsewhere as the real gateway does (repeatable)
  --reference          also run the pooled-queue reference on the same arrivals and pods (one central
                       queue with instant knowledge of every batch slot: what no router can beat by
                       much) and print each policy's p99 as a multiple of it; with
                       --find-min-pods, also search its smallest fleet; identical pods only (with
                       --failing-pod its pods never fail, which makes it a lower bound)
  --find-min-pods      search the smallest fleet meeting --slo-p99-ms, per policy
  --slo-p99-ms N       SLO for the search (default 1000)
  --search-seconds N   duration of the short search runs (default 6)
  --search-scale F     search runs simulate qps×F and pods×F with the same gateways, so each pod and
                       each gateway–pod pair sees the same traffic as at full scale (default 0.1);
                       the answer is confirmed for --seconds at --confirm-scale
  --confirm-scale F    scale of the confirmation run (default 1: full scale)
  --precision F        bisection precision as a share of the fleet (default 0.02)
  --out FILE           results JSON (default <repo>/bench/results/fleet-sim-<timestamp>.json)
  --no-json            do not write results JSON
  --help`;

const positive = z.coerce.number().positive();
const nonNegative = z.coerce.number().min(0);

const schema = z.object({
  qps: positive.default(200_000),
  pods: z.coerce.number().int().min(0).default(4000),
  gateways: z.coerce.number().int().positive().default(50),
  policy: z.string().default('redline'),
  seconds: positive.default(60),
  profile: z.string().default('l40s-llama3.2-3b'),
  maxNumSeqs: z.coerce.number().int().positive().optional(),
  redlineTieBreak: z.enum(REDLINE_TIE_BREAKS).default('balanced'),
  seed: z.coerce.number().int().default(1),
  networkDelayMs: nonNegative.default(0.5),
  deadlineMs: positive.optional(),
  warmupMs: nonNegative.default(2000),
  inputTokens: z.string().default('50'),
  outputTokens: z.string().default('50'),
  slowPod: z.array(z.string()).default([]),
  failingPod: z.array(z.string()).default([]),
  reference: z.boolean().default(false),
  lengthHint: z.boolean().default(true),
  findMinPods: z.boolean().default(false),
  sloP99Ms: positive.default(1000),
  searchSeconds: positive.default(6),
  searchScale: z.coerce.number().gt(0).max(1).default(0.1),
  confirmScale: z.coerce.number().gt(0).max(1).default(1),
  precision: z.coerce.number().gt(0).lt(1).default(0.02),
  out: z.string().optional(),
  json: z.boolean().default(true),
  help: z.boolean().default(false),
});

export interface CliOptions
  extends Omit<
    z.output<typeof schema>,
    'policy' | 'inputTokens' | 'outputTokens' | 'slowPod' | 'failingPod'
  > {
  policies: PolicyName[];
  inputTokens: TokenDistribution;
  outputTokens: TokenDistribution;
  slowPods: Record<number, number>;
  failingPods: Record<number, number>;
}

export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export function parseTokenDistribution(text: string): TokenDistribution {
  const fixed = /^(\d+)$/.exec(text);
  if (fixed) return { kind: 'fixed', value: Number(fixed[1]) };
  const uniform = /^uniform:(\d+)-(\d+)$/.exec(text);
  if (uniform && Number(uniform[1]) <= Number(uniform[2])) {
    return { kind: 'uniform', min: Number(uniform[1]), max: Number(uniform[2]) };
  }
  const exp = /^exp:(\d+(?:\.\d+)?)$/.exec(text);
  if (exp && Number(exp[1]) > 0) return { kind: 'exponential', mean: Number(exp[1]), min: 1, max: 4096 };
  throw new CliUsageError(`bad token distribution "${text}" (use N, uniform:A-B or exp:MEAN)`);
}

const ALL: PolicyName[] = ['round-robin', 'random', 'least-request', 'peak-ewma', 'redline'];

export function parseCli(argv: readonly string[]): CliOptions {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: [...argv],
      allowNegative: true,
      options: {
        qps: { type: 'string' },
        pods: { type: 'string' },
        gateways: { type: 'string' },
        policy: { type: 'string' },
        seconds: { type: 'string' },
        profile: { type: 'string' },
        'max-num-seqs': { type: 'string' },
        'redline-tie-break': { type: 'string' },
        seed: { type: 'string' },
        'network-delay-ms': { type: 'string' },
        'deadline-ms': { type: 'string' },
        'warmup-ms': { type: 'string' },
        'input-tokens': { type: 'string' },
        'output-tokens': { type: 'string' },
        'slow-pod': { type: 'string', multiple: true },
        'failing-pod': { type: 'string', multiple: true },
        reference: { type: 'boolean' },
        'length-hint': { type: 'boolean' },
        'find-min-pods': { type: 'boolean' },
        'slo-p99-ms': { type: 'string' },
        'search-seconds': { type: 'string' },
        'search-scale': { type: 'string' },
        'confirm-scale': { type: 'string' },
        precision: { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const camel = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), v]),
  );
  const parsed = schema.safeParse(camel);
  if (!parsed.success) {
    throw new CliUsageError(
      parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; '),
    );
  }
  const { policy, inputTokens, outputTokens, slowPod, failingPod, ...rest } = parsed.data;
  if (rest.reference && slowPod.length > 0)
    throw new CliUsageError('--reference assumes identical pods; it does not combine with --slow-pod');
  let policies: PolicyName[];
  if (policy === 'all') policies = ALL;
  else {
    policies = policy.split(',').map((p) => {
      if (!isPolicyName(p)) throw new CliUsageError(`unknown policy "${p}" (known: ${ALL.join(', ')}, all)`);
      return p;
    });
  }
  const slowPods = podValues(slowPod, 'slow-pod', 'INDEX:FACTOR', (f) => f > 0);
  const failingPods = podValues(failingPod, 'failing-pod', 'INDEX:SHARE, SHARE 0–1', (s) => s <= 1);
  return {
    ...rest,
    policies,
    inputTokens: parseTokenDistribution(inputTokens),
    outputTokens: parseTokenDistribution(outputTokens),
    slowPods,
    failingPods,
  };
}

/** Repeated `--flag INDEX:VALUE` items as pod index → value, each value checked by `valid`. */
function podValues(
  items: readonly string[],
  flag: string,
  form: string,
  valid: (value: number) => boolean,
): Record<number, number> {
  const values: Record<number, number> = {};
  for (const item of items) {
    const m = /^(\d+):(\d+(?:\.\d+)?)$/.exec(item);
    if (!m || !valid(Number(m[2]))) throw new CliUsageError(`bad --${flag} "${item}" (use ${form})`);
    values[Number(m[1])] = Number(m[2]);
  }
  return values;
}
