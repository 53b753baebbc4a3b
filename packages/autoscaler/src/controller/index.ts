export {
  type ConcurrencyReader,
  type ConcurrencySample,
  DEFAULT_METRIC_NAME,
  type FetchFn,
  type GatewayMetricsReaderOptions,
  gatewayMetricsReader,
  type PrometheusQueryReaderOptions,
  prometheusQueryReader,
  ScrapeError,
} from './concurrency-readers.ts';
export {
  ControlLoop,
  type ControlLoopConfig,
  type ControlLoopDeps,
  clampReplicas,
  type TickOutcome,
  type TickReport,
} from './control-loop.ts';
export { ControllerMetrics, type Direction } from './controller-metrics.ts';
export { LeaderLease, type LeaderLeaseOptions } from './leader-lease.ts';
export {
  type ControllerConfig,
  type ControllerConfigInput,
  type ControllerOptions,
  controllerConfigSchema,
} from './options.ts';
export { type PodCounts, podCountsFromSlices } from './pod-counts.ts';
export { type PromSample, parsePrometheusText } from './prometheus-text.ts';
export { type RunningController, runController } from './run-controller.ts';
export { DeploymentScaleTarget, HpaGuard } from './scale-target.ts';
