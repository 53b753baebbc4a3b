import { parseArgs } from 'node:util';
import { profileNames } from '@redline/pod-model';
import { faultsPatchSchema } from './faults.ts';
import { DEFAULT_MODEL_NAME } from './pod.ts';
import type { StartPodsOptions } from './pods.ts';

export const USAGE = `redline-pod-sim — vLLM-compatible pods with an L40S latency model

Options:
  --port N           first port; pods use N, N+1, ... (default 8100; 0 = ephemeral)
  --pods N           number of pods (default 1)
  --host H           bind address (default 127.0.0.1)
  --profile NAME     latency profile: ${profileNames().join(', ')} (default l40s-llama3-8b)
  --engine E         harper | echo (default harper)
  --model NAME       served model name (default ${DEFAULT_MODEL_NAME})
  --max-num-seqs N   override the profile's max_num_seqs
  --time-scale X     wall time per modelled time (default 1; 0.1 = 10x faster)
  --faults JSON      faults at start-up: an object for all pods or an array, one per pod
  --help`;

export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

function intOption(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new CliUsageError(`--${name} must be an integer >= ${min}, got "${value}"`);
  return n;
}

function parseFaults(json: string | undefined): StartPodsOptions['faults'] {
  if (json === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new CliUsageError(`--faults is not valid JSON: ${json}`);
  }
  const parse = (v: unknown) => {
    const r = faultsPatchSchema.safeParse(v);
    if (!r.success)
      throw new CliUsageError(`invalid --faults: ${r.error.issues.map((i) => i.message).join('; ')}`);
    return r.data;
  };
  return Array.isArray(value) ? value.map(parse) : parse(value);
}

/** Parse argv (without node and script) into startPods options, or null for --help. */
export function parseCliArgs(argv: string[]): StartPodsOptions | null {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        pods: { type: 'string' },
        host: { type: 'string' },
        profile: { type: 'string' },
        engine: { type: 'string' },
        model: { type: 'string' },
        'max-num-seqs': { type: 'string' },
        'time-scale': { type: 'string' },
        faults: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  if (values.help) return null;
  const str = (k: string) => values[k] as string | undefined;
  const engine = str('engine') ?? 'harper';
  if (engine !== 'harper' && engine !== 'echo') {
    throw new CliUsageError(`--engine must be harper or echo, got "${engine}"`);
  }
  const profile = str('profile') ?? 'l40s-llama3-8b';
  if (!profileNames().includes(profile)) {
    throw new CliUsageError(`--profile must be one of ${profileNames().join(', ')}, got "${profile}"`);
  }
  const timeScaleText = str('time-scale');
  const timeScale = timeScaleText === undefined ? 1 : Number(timeScaleText);
  if (!(timeScale > 0 && Number.isFinite(timeScale))) {
    throw new CliUsageError(`--time-scale must be a number > 0, got "${timeScaleText}"`);
  }
  const maxNumSeqs = str('max-num-seqs');
  const faults = parseFaults(str('faults'));
  return {
    count: intOption('pods', str('pods'), 1, 1),
    port: intOption('port', str('port'), 8100, 0),
    host: str('host') ?? '127.0.0.1',
    profile,
    engine,
    modelName: str('model') ?? DEFAULT_MODEL_NAME,
    timeScale,
    ...(maxNumSeqs === undefined ? {} : { maxNumSeqs: intOption('max-num-seqs', maxNumSeqs, 1, 1) }),
    ...(faults === undefined ? {} : { faults }),
  };
}
