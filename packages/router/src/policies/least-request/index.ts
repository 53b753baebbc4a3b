export { LeastRequestPolicy } from './algorithm.ts';
export { type LeastRequestConfig, parseLeastRequestConfig } from './config.ts';
