import type { Edit } from '@redline/edits';
import type { Clock, RandomSource } from '@redline/router';
import type { Logger } from 'pino';
import type { Dialect } from '../correction/prompt.ts';
import type { ModelPool } from '../pools/model-pool.ts';
import type { RolloutMetrics } from './rollout-metrics.ts';
import type { SegmentCorrector } from './segment-corrector.ts';
import { compareEdits } from './shadow-agreement.ts';
import type { ShadowStats } from './shadow-stats.ts';

export interface ShadowSettings {
  /** Share (0–1) of live correct.check segments copied to the candidate. Default 0.05. */
  sampleRate: number;
  /** Most shadow copies in flight at once on this gateway; more are dropped (counted). Default 16. */
  maxConcurrent: number;
  /** Deadline of one shadow copy. Default 5000 ms. */
  deadlineMs: number;
}

export const DEFAULT_SHADOW: Readonly<ShadowSettings> = Object.freeze({
  sampleRate: 0.05,
  maxConcurrent: 16,
  deadlineMs: 5000,
});

export interface MirrorRequest {
  text: string;
  dialect: Dialect;
  /** What the serving model answered, and how long it took (null when served from cache). */
  servingEdits: readonly Edit[];
  servingLatencyMs: number | null;
  pool: ModelPool;
  stats: ShadowStats;
}

export interface ShadowMirrorOptions {
  settings: ShadowSettings;
  correct: SegmentCorrector;
  clock: Clock;
  random: RandomSource;
  metrics: RolloutMetrics;
  logger: Logger;
}

/**
 * Copies live segments to a shadow candidate, fire-and-forget: the copy starts on a later tick, after the
 * user's answer is handed back, runs under its own deadline and abort signal (the user's request finishing
 * or disconnecting does not cancel it), is bounded by its own concurrency cap, and can never throw into
 * the request path. Its answer only feeds agreement and latency statistics.
 */
export class ShadowMirror {
  private inFlight = 0;
  private readonly closing = new AbortController();

  constructor(private readonly options: ShadowMirrorOptions) {}

  /** Sampling decision for one segment (cheap, synchronous). */
  sample(): boolean {
    const rate = this.options.settings.sampleRate;
    return rate > 0 && (rate >= 1 || this.options.random() < rate);
  }

  /** Shadow copies currently running. */
  active(): number {
    return this.inFlight;
  }

  mirror(request: MirrorRequest): void {
    const { settings, metrics } = this.options;
    const candidate = request.pool.model;
    if (this.closing.signal.aborted) return;
    if (this.inFlight >= settings.maxConcurrent) {
      request.stats.dropped++;
      metrics.shadowRequests.inc({ candidate, outcome: 'dropped' });
      return;
    }
    this.inFlight++;
    request.stats.mirrored++;
    setImmediate(() => {
      this.run(request)
        .catch((error: unknown) =>
          this.options.logger.warn({ err: error, candidate }, 'shadow bookkeeping failed'),
        )
        .finally(() => this.inFlight--);
    });
  }

  /** Abort every shadow copy in flight (gateway shutdown). */
  close(): void {
    this.closing.abort(new Error('gateway closing'));
  }

  private async run(request: MirrorRequest): Promise<void> {
    const { clock, correct, metrics, settings } = this.options;
    const candidate = request.pool.model;
    if (this.closing.signal.aborted) return;
    const started = clock.now();
    let result: Awaited<ReturnType<SegmentCorrector>>;
    try {
      result = await correct({
        text: request.text,
        dialect: request.dialect,
        signal: this.closing.signal,
        deadlineAt: started + settings.deadlineMs,
        pool: request.pool,
        useCache: false,
      });
    } catch (error) {
      if (this.closing.signal.aborted) return;
      request.stats.errors++;
      metrics.shadowRequests.inc({ candidate, outcome: 'error' });
      this.options.logger.debug({ err: error, candidate }, 'shadow copy failed');
      return;
    }
    const latencyMs = clock.now() - started;
    const agreement = compareEdits(request.text, request.servingEdits, result.edits);
    request.stats.recordSuccess(agreement, latencyMs, request.servingLatencyMs);
    metrics.shadowRequests.inc({ candidate, outcome: 'ok' });
    metrics.shadowAgreement.inc({ candidate, result: agreement.exactText ? 'match' : 'mismatch' });
    metrics.shadowLatency.observe({ candidate }, latencyMs / 1000);
  }
}
