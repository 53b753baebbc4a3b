import type { Database } from '@redline/db';
import type { Clock, RandomSource } from '@redline/router';
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import type { KeyVerifier } from './auth/key-verifier.ts';
import type { CorrectionService } from './correction/correction-service.ts';
import type { GatewayMetrics } from './observability/metrics.ts';
import type { PoolRegistry } from './pools/model-pool.ts';
import type { RolloutService } from './rollouts/rollout-service.ts';
import type { RetryPolicy } from './upstream/call-with-retries.ts';
import type { Hedging } from './upstream/hedging.ts';
import type { UsageRecorder } from './usage/usage-recorder.ts';

/** Everything a request handler needs, built once per gateway and shared by tRPC and the /v1 front door. */
export interface GatewayServices {
  db: Database;
  pools: PoolRegistry;
  corrections: CorrectionService;
  /** Model rollouts: picks the pool of each correct.check segment (serving, canary, shadow copies). */
  rollouts: RolloutService;
  keyVerifier: KeyVerifier;
  usage: UsageRecorder;
  metrics: GatewayMetrics;
  logger: Logger;
  dispatcher: Dispatcher;
  clock: Clock;
  random: RandomSource;
  /** Per upstream call (per segment for correct.check). */
  deadlineMs: number;
  retryPolicy: RetryPolicy | undefined;
  hedging: Hedging;
  adminToken: string | undefined;
  startedAtSeconds: number;
}
