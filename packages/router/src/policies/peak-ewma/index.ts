export { observeLatency, PeakEwmaPolicy } from './algorithm.ts';
export { type PeakEwmaConfig, parsePeakEwmaConfig } from './config.ts';
