/**
 * `controller`: runs the Kubernetes controller (src/controller/) with a decider built from the calibrated
 * target file. The controller module (and the Kubernetes client) is loaded only for this command.
 */
import { z } from 'zod';
import { readTargetFile } from '../calibrate/target-file.ts';
import { type CalibratedTarget, createDecider } from '../deciders/create-decider.ts';
import { DEFAULT_TARGET_FILE } from '../paths.ts';
import { type FlagSpec, parseFlags, UsageError } from './parse-flags.ts';

export const CONTROLLER_HELP = `redline-autoscaler controller --namespace NS --deployment D --model-service S --max-replicas N
                              (--gateway-service G | --prometheus-url URL) [options]

Runs the in-cluster autoscaling controller: leader election, pod counts from the model Service's
EndpointSlices, in-flight requests from the gateways' /metrics (or Prometheus), one decision per tick,
written to the Deployment's /scale subresource.

  --policy P               redline | kpa | hpa (default redline)
  --target-file FILE       calibration output (default ${DEFAULT_TARGET_FILE})
  --target-concurrency N   per-pod target instead of the file (no curve)
  --min-replicas N         (default 1)
  --max-replicas N         (required)
  --tick-ms MS             decision period (default 2000)
  --gateway-service G      Service in front of the gateways (scrape their /metrics)
  --gateway-namespace NS   its namespace (default --namespace)
  --gateway-port-name P    name of the gateway Service port serving /metrics
  --prometheus-url URL     read concurrency from Prometheus instead
  --prometheus-query Q     PromQL returning in-flight requests per endpoint
  --metrics-port N         controller /metrics port (default 9090)
  --dry-run                decide and log, never scale
`;

const spec: FlagSpec = {
  namespace: { type: 'string' },
  deployment: { type: 'string' },
  'model-service': { type: 'string' },
  policy: { type: 'string' },
  'target-file': { type: 'string' },
  'target-concurrency': { type: 'string' },
  'min-replicas': { type: 'string' },
  'max-replicas': { type: 'string' },
  'tick-ms': { type: 'string' },
  'gateway-service': { type: 'string' },
  'gateway-namespace': { type: 'string' },
  'gateway-port-name': { type: 'string' },
  'prometheus-url': { type: 'string' },
  'prometheus-query': { type: 'string' },
  'metrics-port': { type: 'string' },
  'dry-run': { type: 'boolean' },
};

const schema = z
  .object({
    namespace: z.string().min(1),
    deployment: z.string().min(1),
    'model-service': z.string().min(1),
    policy: z.enum(['redline', 'kpa', 'hpa']).default('redline'),
    'target-file': z.string().min(1).default(DEFAULT_TARGET_FILE),
    'target-concurrency': z.coerce.number().positive().optional(),
    'min-replicas': z.coerce.number().int().min(0).default(1),
    'max-replicas': z.coerce.number().int().min(1),
    'tick-ms': z.coerce.number().int().positive().default(2000),
    'gateway-service': z.string().min(1).optional(),
    'gateway-namespace': z.string().min(1).optional(),
    'gateway-port-name': z.string().min(1).optional(),
    'prometheus-url': z.url().optional(),
    'prometheus-query': z.string().min(1).optional(),
    'metrics-port': z.coerce.number().int().min(0).max(65535).default(9090),
    'dry-run': z.boolean().default(false),
  })
  .refine((f) => (f['gateway-service'] === undefined) !== (f['prometheus-url'] === undefined), {
    message: 'give exactly one of --gateway-service and --prometheus-url',
    path: ['gateway-service'],
  });

export async function controllerCommand(argv: readonly string[], log: (line: string) => void): Promise<void> {
  const f = parseFlags(argv, spec, schema);
  const target = await loadTarget(f['target-file'], f['target-concurrency']);
  const decider = createDecider(f.policy, target);
  const { runController } = await import('../controller/index.ts');
  const running = await runController({
    namespace: f.namespace,
    deployment: f.deployment,
    modelService: f['model-service'],
    minReplicas: f['min-replicas'],
    maxReplicas: f['max-replicas'],
    tickMs: f['tick-ms'],
    dryRun: f['dry-run'],
    metricsPort: f['metrics-port'],
    metricsSource: f['prometheus-url']
      ? { kind: 'prometheus', url: f['prometheus-url'], query: f['prometheus-query'] }
      : {
          kind: 'gateways',
          gatewayService: f['gateway-service']!,
          gatewayNamespace: f['gateway-namespace'],
          gatewayPortName: f['gateway-port-name'],
        },
    decider,
  });
  log(
    `controller ${running.identity}: ${f.policy} on ${f.namespace}/${f.deployment}, target ` +
      `${target.targetConcurrencyPerPod} in flight per pod${running.metricsUrl ? `, metrics ${running.metricsUrl}` : ''}`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.close();
}

async function loadTarget(file: string, override: number | undefined): Promise<CalibratedTarget> {
  if (override !== undefined) return { targetConcurrencyPerPod: override };
  try {
    const t = await readTargetFile(file);
    if (!(t.targetConcurrencyPerPod > 0))
      throw new UsageError(`${file}: calibration found no concurrency meeting the SLO`);
    return {
      targetConcurrencyPerPod: t.targetConcurrencyPerPod,
      curve: t.curve.map((l) => ({ concurrency: l.concurrency, throughputRps: l.throughputRps })),
    };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(
      `cannot read the target file ${file} (${err instanceof Error ? err.message : String(err)}); run calibrate or pass --target-concurrency`,
    );
  }
}
