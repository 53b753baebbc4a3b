export { type RunFleetExtras, runFleet } from './run-fleet.ts';
export {
  type FindMinPodsOptions,
  type FindMinPodsResult,
  findMinPods,
  meetsSlo,
  type SearchMeasurement,
  type SearchStep,
  type SloCriteria,
} from './search/find-min-pods.ts';
export { ArrivalOrderError, meanTokens, sampleTokens } from './sim/arrivals.ts';
export { type CapacityBound, capacityAtBatchLimit, idealPods } from './sim/capacity.ts';
export {
  type PooledReferenceOptions,
  type PooledReferenceResult,
  runPooledReference,
} from './sim/pooled-reference.ts';
export type * from './types.ts';
