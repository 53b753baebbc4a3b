import type { Database } from '@redline/db';
import { DatabaseError } from '@redline/db';
import type { Clock, RandomSource } from '@redline/router';
import type { Logger } from 'pino';
import { CanaryMonitor } from './canary-monitor.ts';
import { inCanary } from './canary-split.ts';
import { remember } from './remember.ts';
import type { RolloutMetrics } from './rollout-metrics.ts';
import type { RolloutSettings } from './rollout-settings.ts';
import type { LiveRollout, RolloutState } from './rollout-state.ts';
import type { PoolSegmentInput, PoolSegmentResult, SegmentCorrector } from './segment-corrector.ts';
import { ShadowMirror } from './shadow-mirror.ts';
import { ShadowStats } from './shadow-stats.ts';

/** A correct.check segment, with the API key asking (it decides canary membership). */
export type SegmentRequest = Omit<PoolSegmentInput, 'pool' | 'useCache'> & { keyId: string };

export interface RolloutTrafficOptions {
  state: RolloutState;
  db: Database;
  correct: SegmentCorrector;
  settings: RolloutSettings;
  metrics: RolloutMetrics;
  clock: Clock;
  random: RandomSource;
  logger: Logger;
}

/**
 * The correct.check side of rollouts: picks each segment's pool (serving model, or the candidate for canary
 * keys), mirrors sampled segments to a shadow candidate, and watches canary outcomes against the SLO,
 * rolling back by itself (actor "system") when it breaks.
 */
export class RolloutTraffic {
  private readonly mirror: ShadowMirror;
  private readonly shadowStats = new Map<string, ShadowStats>();
  private readonly canaryMonitors = new Map<string, CanaryMonitor>();
  /**
   * Rollouts this gateway decided to roll back, by id. A state refresh replaces the LiveRollout object, and a
   * request can still hold the old one: a flag on the object alone let one breach count (and act) twice.
   */
  private readonly rolledBack = new Set<string>();
  private rollbackInFlight = false;
  private closed = false;

  constructor(private readonly options: RolloutTrafficOptions) {
    this.mirror = new ShadowMirror({
      settings: options.settings.shadow,
      correct: options.correct,
      clock: options.clock,
      random: options.random,
      metrics: options.metrics,
      logger: options.logger,
    });
  }

  async correctSegment(request: SegmentRequest): Promise<PoolSegmentResult> {
    const { keyId, ...segment } = request;
    const { state, correct, clock } = this.options;
    const serving = state.servingPool();
    const live = state.live;
    // Whitespace never reaches a pod: nothing to compare or to measure.
    if (!live || segment.text.trim() === '') return correct({ ...segment, pool: serving });
    const { rollout } = live;
    if (
      rollout.stage === 'canary' &&
      !live.rollingBack &&
      !this.rolledBack.has(rollout.id) &&
      inCanary(rollout.id, keyId, rollout.canaryPercent)
    ) {
      return this.serveCanary(live, segment);
    }
    if (rollout.stage !== 'shadow' || !this.mirror.sample()) return correct({ ...segment, pool: serving });
    // Shadow: the user's answer comes from the serving model, unchanged; the copy leaves after it.
    const started = clock.now();
    const result = await correct({ ...segment, pool: serving });
    this.mirror.mirror({
      text: segment.text,
      dialect: segment.dialect,
      servingEdits: result.edits,
      servingLatencyMs: result.cached ? null : clock.now() - started,
      pool: live.candidate,
      stats: remember(this.shadowStats, rollout.id, () => new ShadowStats()),
    });
    return result;
  }

  shadowSummary(rolloutId: string) {
    return this.shadowStats.get(rolloutId)?.summary() ?? null;
  }

  canarySummary(rolloutId: string) {
    return this.canaryMonitors.get(rolloutId)?.summary() ?? null;
  }

  shadowInFlight(): number {
    return this.mirror.active();
  }

  /** After a state load: retry storing an automatic rollback whose first write failed. */
  resume(live: LiveRollout | null): void {
    if (live?.pendingAutoRollback) void this.storeAutoRollback(live);
  }

  close(): void {
    this.closed = true;
    this.mirror.close();
  }

  private async serveCanary(
    live: LiveRollout,
    segment: Omit<PoolSegmentInput, 'pool'>,
  ): Promise<PoolSegmentResult> {
    const { clock, correct } = this.options;
    const started = clock.now();
    try {
      const result = await correct({ ...segment, pool: live.candidate });
      // A cache hit says nothing about the candidate's pods: only real calls feed the SLO.
      if (!result.cached) this.observeCanary(live, true, clock.now() - started);
      return result;
    } catch (error) {
      // The user leaving (or a sibling segment failing) is not the candidate's fault.
      if (!segment.signal.aborted) this.observeCanary(live, false, clock.now() - started);
      throw error;
    }
  }

  private observeCanary(live: LiveRollout, ok: boolean, latencyMs: number): void {
    const { metrics, settings, clock, logger } = this.options;
    const candidate = live.candidate.model;
    metrics.canaryRequests.inc({ candidate, outcome: ok ? 'ok' : 'error' });
    metrics.canaryLatency.observe({ candidate }, latencyMs / 1000);
    const monitor = remember(
      this.canaryMonitors,
      live.rollout.id,
      () => new CanaryMonitor(settings.canary, clock),
    );
    const verdict = monitor.record({ ok, latencyMs });
    if (verdict.state !== 'breached' || live.rollingBack || this.rolledBack.has(live.rollout.id)) return;
    this.rolledBack.add(live.rollout.id);
    live.rollingBack = true;
    live.pendingAutoRollback = verdict.reason;
    metrics.autoRollbacks.inc({ candidate });
    logger.warn({ rollout: live.rollout.id, candidate, reason: verdict.reason }, 'canary rollback');
    void this.storeAutoRollback(live);
  }

  /** Store the automatic rollback (actor "system"); on a DB failure the next state refresh tries again. */
  private async storeAutoRollback(live: LiveRollout): Promise<void> {
    const { db, logger, state } = this.options;
    const reason = live.pendingAutoRollback;
    if (reason === null || this.rollbackInFlight || this.closed) return;
    this.rollbackInFlight = true;
    try {
      await db.rollouts.transition(live.rollout.id, { to: 'rolled-back', actor: 'system', reason });
      live.pendingAutoRollback = null;
    } catch (error) {
      if (!(error instanceof DatabaseError) || error.code === 'BAD_INPUT') {
        // Traffic is already back on the baseline here; the periodic refresh retries the write.
        logger.error({ rollout: live.rollout.id, err: error }, 'storing the canary rollback failed');
        return;
      }
      // Someone else (an admin, another gateway) moved it first: their transition stands.
      live.pendingAutoRollback = null;
      logger.info({ rollout: live.rollout.id, err: error }, 'canary already moved on');
    } finally {
      this.rollbackInFlight = false;
    }
    if (!this.closed) await state.refresh().catch(() => {});
  }
}
