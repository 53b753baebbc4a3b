export type { AppRouter } from './app-router.ts';
export { appRouter } from './app-router.ts';
export { bearerToken, isAdminToken } from './auth/admin-token.ts';
export { KeyVerifier, type Principal } from './auth/key-verifier.ts';
export { CorrectionCache } from './correction/correction-cache.ts';
export {
  buildCorrectionMessages,
  buildCorrectionRequest,
  DEFAULT_DIALECT,
  DIALECTS,
  type Dialect,
  maxTokensFor,
  PROMPT_VERSION,
} from './correction/prompt.ts';
export { EnvError, type GatewayEnv, loadEnv } from './env.ts';
export { GatewayError, type GatewayErrorKind, toOpenAIError, toTRPCError } from './errors.ts';
export { type Gateway, type PoolOptions, type StartGatewayOptions, startGateway } from './gateway.ts';
export { type EndpointSource, endpointFromUrl, staticEndpointSource } from './pools/endpoint-source.ts';
export type { ModelPool } from './pools/model-pool.ts';
export { MAX_SEGMENT_CHARS, MAX_SEGMENTS } from './routers/correct-router.ts';
export { parseOrcaLoadHeader } from './upstream/orca-load-header.ts';
export type { UsageRecorder } from './usage/usage-recorder.ts';
