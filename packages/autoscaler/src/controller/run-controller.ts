import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { AppsV1Api, AutoscalingV2Api, CoordinationV1Api, KubeConfig } from '@kubernetes/client-node';
import { type EndpointSliceSource, endpointSliceSource, watchEndpointSlices } from '@redline/discovery';
import { pino } from 'pino';
import {
  type ConcurrencyReader,
  gatewayMetricsReader,
  prometheusQueryReader,
} from './concurrency-readers.ts';
import { ControlLoop, type TickReport } from './control-loop.ts';
import { ControllerMetrics } from './controller-metrics.ts';
import { LeaderLease } from './leader-lease.ts';
import { type MetricsServer, startMetricsServer } from './metrics-server.ts';
import { type ControllerConfig, type ControllerOptions, controllerConfigSchema } from './options.ts';
import { podCountsFromSlices } from './pod-counts.ts';
import { DeploymentScaleTarget, HpaGuard } from './scale-target.ts';

export interface RunningController {
  readonly config: ControllerConfig;
  readonly identity: string;
  /** URL of the controller's own /metrics server (undefined when disabled). */
  readonly metricsUrl: string | undefined;
  readonly metrics: ControllerMetrics;
  isLeader(): boolean;
  /** Runs one control tick now (the timer keeps running too); for tests and debugging. */
  tick(): Promise<TickReport>;
  /** Runs one election round now. */
  electNow(): Promise<boolean>;
  /** Stops timers, releases the lease if held, closes watches and the metrics server. */
  close(): Promise<void>;
}

/**
 * Starts the in-cluster controller: lease-based leader election, the model Service's pod counts, the
 * concurrency reader (gateways' /metrics or Prometheus), a control tick every `tickMs`, and /metrics.
 * Throws a ZodError for invalid options.
 */
export async function runController(options: ControllerOptions): Promise<RunningController> {
  const config = controllerConfigSchema.parse(options);
  const kubeConfig = options.kubeConfig ?? defaultKubeConfig();
  const clock = options.clock ?? { now: () => Date.now() };
  const identity = config.lease.identity ?? `${hostname()}-${randomBytes(3).toString('hex')}`;
  const logger = (options.logger ?? pino({ name: 'redline-autoscaler' })).child({
    controller: 'redline-autoscaler',
    namespace: config.namespace,
    deployment: config.deployment,
    identity,
  });
  const metrics = new ControllerMetrics(config.deployment);

  const lease = new LeaderLease({
    api: kubeConfig.makeApiClient(CoordinationV1Api),
    namespace: config.namespace,
    name: config.lease.name ?? `redline-autoscaler-${config.deployment}`,
    identity,
    leaseDurationSeconds: config.lease.durationSeconds,
    renewDeadlineMs: config.lease.renewDeadlineMs,
    clock,
    onChange: (leader, reason) => {
      metrics.leader.set(leader ? 1 : 0);
      logger.info({ leader, reason }, leader ? 'became leader' : 'not leading');
    },
  });

  const modelSlices = watchEndpointSlices({
    kubeConfig,
    namespace: config.namespace,
    service: config.modelService,
    clock,
    onError: (error, retryInMs) =>
      logger.warn({ err: String(error), retryInMs }, 'model EndpointSlice watch failed'),
  });

  let gatewaySource: EndpointSliceSource | undefined;
  let reader: ConcurrencyReader;
  const source = config.metricsSource;
  if (source.kind === 'gateways') {
    gatewaySource = endpointSliceSource({
      kubeConfig,
      namespace: source.gatewayNamespace ?? config.namespace,
      service: source.gatewayService,
      ...(source.gatewayPortName !== undefined ? { portName: source.gatewayPortName } : {}),
      scheme: source.scheme,
      clock,
      onError: (error, retryInMs) =>
        logger.warn({ err: String(error), retryInMs }, 'gateway EndpointSlice watch failed'),
    });
    reader = gatewayMetricsReader({
      gateways: gatewaySource,
      metricName: config.metricName,
      metricLabels: config.metricLabels,
      metricsPath: source.metricsPath,
      timeoutMs: config.scrapeTimeoutMs,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  } else {
    reader = prometheusQueryReader({
      url: source.url,
      metricName: config.metricName,
      metricLabels: config.metricLabels,
      ...(source.query !== undefined ? { query: source.query } : {}),
      timeoutMs: config.scrapeTimeoutMs,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  // Pod counts of 0 from an empty cache would read as "no capacity"; wait for the first lists to land.
  let inputsSynced = false;
  void Promise.all([modelSlices.synced(), gatewaySource?.synced()]).then(() => {
    inputsSynced = true;
  });

  const scale = new DeploymentScaleTarget(
    kubeConfig.makeApiClient(AppsV1Api),
    config.namespace,
    config.deployment,
  );
  const hpaGuard = new HpaGuard(
    kubeConfig.makeApiClient(AutoscalingV2Api),
    config.namespace,
    config.deployment,
  );
  const loop = new ControlLoop(
    {
      clock,
      reader,
      podCounts: () => podCountsFromSlices(modelSlices.slices()),
      inputsSynced: () => inputsSynced,
      decider: options.decider,
      isLeader: () => lease.isLeader(),
      scale,
      conflictingHpas: () => hpaGuard.conflictingHpas(),
      metrics,
      logger,
    },
    {
      minReplicas: config.minReplicas,
      maxReplicas: config.maxReplicas,
      dryRun: config.dryRun,
      stableWindowMs: config.stableWindowMs,
      panicWindowMs: config.panicWindowMs,
      hpaCheckIntervalMs: config.hpaCheckIntervalMs,
    },
  );

  let metricsServer: MetricsServer | undefined;
  if (config.metricsPort !== null) {
    metricsServer = await startMetricsServer(metrics.registry, config.metricsPort, config.metricsHost);
  }

  // Serialized runs: a slow API call must not stack ticks or election rounds on top of each other.
  let closed = false;
  const serial = <T>(run: () => Promise<T>) => {
    let running: Promise<T> | undefined;
    const start = () => {
      running ??= run().finally(() => {
        running = undefined;
      });
      return running;
    };
    return Object.assign(start, { inFlight: () => running });
  };
  const elect = serial(() => lease.tryAcquireOrRenew());
  const tick = serial(() => loop.tick());
  const electTimer = setInterval(() => {
    if (!closed)
      elect().catch((error: unknown) => logger.error({ err: String(error) }, 'election round failed'));
  }, config.lease.retryPeriodMs);
  const tickTimer = setInterval(() => {
    if (!closed)
      tick().catch((error: unknown) => logger.error({ err: String(error) }, 'control tick failed'));
  }, config.tickMs);
  void elect().catch(() => {});
  logger.info(
    {
      dryRun: config.dryRun,
      minReplicas: config.minReplicas,
      maxReplicas: config.maxReplicas,
      metricsSource: config.metricsSource.kind,
      metricsUrl: metricsServer?.url,
    },
    'controller started',
  );

  return {
    config,
    identity,
    metricsUrl: metricsServer?.url,
    metrics,
    isLeader: () => lease.isLeader(),
    tick,
    electNow: elect,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(electTimer);
      clearInterval(tickTimer);
      await Promise.allSettled([elect.inFlight(), tick.inFlight()]);
      await lease.release();
      metrics.leader.set(0);
      await Promise.allSettled([modelSlices.close(), gatewaySource?.close(), metricsServer?.close()]);
      logger.info('controller stopped');
    },
  };
}

function defaultKubeConfig(): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  return kubeConfig;
}
