export { DEFAULT_FAULTS, type Faults, faultsPatchSchema } from './faults.ts';
export { correctWithHarper, type DialectName, parseDialect, warmUpHarper } from './harper-corrector.ts';
export { ORCA_REQUEST_HEADER, ORCA_RESPONSE_HEADER, orcaHeaderValue } from './orca.ts';
export {
  DEFAULT_MODEL_NAME,
  type PodHandle,
  type PodOptions,
  type PodStats,
  startPod,
  VLLM_VERSION,
} from './pod.ts';
export { type PodFleet, type StartPodsOptions, startPods } from './pods.ts';
export type { TextEngineName } from './text-engine.ts';
export { countTokens, tokenize } from './tokenizer.ts';
