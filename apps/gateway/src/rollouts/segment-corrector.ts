import type { Edit } from '@redline/edits';
import type { Dialect } from '../correction/prompt.ts';
import type { ModelPool } from '../pools/model-pool.ts';

/** One segment to correct on a given pool: CorrectionService.correctSegment's contract, as rollouts use it. */
export interface PoolSegmentInput {
  text: string;
  dialect: Dialect;
  signal: AbortSignal;
  /** Absolute deadline on the gateway's clock. */
  deadlineAt: number;
  /** The pool to ask (serving, canary candidate or shadow candidate). */
  pool: ModelPool;
  /** False for shadow copies: they must measure the candidate, not the cache. */
  useCache?: boolean;
}

export interface PoolSegmentResult {
  edits: Edit[];
  model: string;
  cached: boolean;
  /** Tokens the pod spent (zero when served from cache). */
  usage: { promptTokens: number; completionTokens: number };
}

/** Seam to the correction service, so rollout logic is tested without pods. */
export type SegmentCorrector = (input: PoolSegmentInput) => Promise<PoolSegmentResult>;
