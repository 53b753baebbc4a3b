export { RoundRobinPolicy } from './algorithm.ts';
export { parseRoundRobinConfig, type RoundRobinConfig } from './config.ts';
