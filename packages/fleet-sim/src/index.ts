export { type RunFleetExtras, runFleet } from './run-fleet.ts';
export {
  type FindMinPodsOptions,
  type FindMinPodsResult,
  findMinPods,
  meetsSlo,
  type SearchStep,
  type SloCriteria,
} from './search/find-min-pods.ts';
export { ArrivalOrderError, meanTokens, sampleTokens } from './sim/arrivals.ts';
export { type CapacityBound, capacityAtBatchLimit, idealPods } from './sim/capacity.ts';
export type * from './types.ts';
