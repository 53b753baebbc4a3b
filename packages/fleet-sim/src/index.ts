export { capacityAtBatchLimit, idealPods, type CapacityBound } from './sim/capacity.ts';
export { ArrivalOrderError, meanTokens, sampleTokens } from './sim/arrivals.ts';
export { type RunFleetExtras, runFleet } from './run-fleet.ts';
export type * from './types.ts';
