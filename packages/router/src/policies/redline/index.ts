export { RedlinePolicy } from './algorithm.ts';
export { parseRedlineConfig, type RedlineConfig } from './config.ts';
