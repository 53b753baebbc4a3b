export { percentile, summarize } from './percentiles.ts';
export { poissonSchedule, seededRandom } from './poisson.ts';
export { checkTargets } from './report.ts';
export { type BenchRow, toRow } from './row.ts';
