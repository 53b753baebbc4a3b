/**
 * @redline/autoscaler: scaling deciders (Knative KPA, Kubernetes HPA, redline), the shared concurrency
 * windows, calibration against a pod, the fleet-sim comparison, and the Kubernetes controller.
 */

export { type CalibrateOptions, calibrate, formatCurve } from './calibrate/calibrate.ts';
export { type LevelResult, runLevel } from './calibrate/closed-loop.ts';
export { type SweepOptions, type SweepResult, sweepConcurrency } from './calibrate/sweep.ts';
export {
  readTargetFile,
  type TargetFile,
  targetFileSchema,
  writeTargetFile,
} from './calibrate/target-file.ts';
export * from './controller/index.ts';
export {
  type CalibratedTarget,
  createDecider,
  DECIDER_NAMES,
  KNATIVE_TARGET_UTILIZATION,
} from './deciders/create-decider.ts';
export {
  type DiurnalMemoryOptions,
  type MemoryPoint,
  MemoryRecorder,
  memoryFloor,
} from './deciders/diurnal-memory.ts';
export {
  createHpaDecider,
  HPA_DEFAULT_SCALE_DOWN,
  HPA_DEFAULT_SCALE_UP,
  HPA_SYNC_PERIOD_MS,
  type HpaConfig,
  type HpaScalingPolicy,
  type HpaScalingRules,
  hpaMetricReplicas,
} from './deciders/hpa.ts';
export {
  createKpaDecider,
  KPA_DEFAULTS,
  KPA_TICK_MS,
  type KpaConfig,
  type KpaDecider,
} from './deciders/kpa.ts';
export { MaxTimeWindow } from './deciders/max-time-window.ts';
export {
  createRedlineDecider,
  REDLINE_DEFAULTS,
  type RedlineConfig,
  type RedlineDecider,
  type RedlineDecision,
  redlinePerPodTargetRps,
} from './deciders/redline.ts';
export {
  createThroughputModel,
  linearModel,
  type ThroughputModel,
  type ThroughputPoint,
} from './deciders/throughput-curve.ts';
export type { DecideInput, DecideResult, Decider, DeciderName } from './deciders/types.ts';
export { DEFAULT_TARGET_FILE } from './paths.ts';
export {
  createFleetScaler,
  type DecisionRecord,
  type FleetScalerOptions,
  type RecordingFleetScaler,
} from './simulate/fleet-scaler.ts';
export { type ComparisonReport, runComparison, type SimulateOptions } from './simulate/run-comparison.ts';
export {
  ConcurrencyWindows,
  type ConcurrencyWindowsOptions,
  type WindowAverages,
} from './windows/concurrency-windows.ts';
