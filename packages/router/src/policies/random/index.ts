export { RandomPolicy } from './algorithm.ts';
export { parseRandomConfig, type RandomConfig } from './config.ts';
