import type { Database, Rollout } from '@redline/db';
import type { ModelPool, PoolRegistry } from '../pools/model-pool.ts';
import { promotedCandidates } from './promoted-models.ts';
import type { RolloutMetrics } from './rollout-metrics.ts';

/** The rollout currently shaping correct.check traffic on this gateway. */
export interface LiveRollout {
  rollout: Rollout;
  candidate: ModelPool;
  /** Set once a rollback is decided: canary traffic returns to the baseline before the DB write lands. */
  rollingBack: boolean;
  /** Auto-rollback reason, kept until the transition is stored (retried on refresh if the DB failed). */
  pendingAutoRollback: string | null;
}

/**
 * This gateway's view of the rollout state in the database: the serving model (newest promotion it has a
 * pool for, else its default model) and the one active rollout that shapes traffic (newest active rollout
 * whose candidate and baseline both have pools here and whose baseline is the serving model).
 */
export class RolloutState {
  servingModel: string;
  live: LiveRollout | null = null;
  private loading: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    private readonly pools: PoolRegistry,
    private readonly metrics: RolloutMetrics,
    /** Called after each load with the live rollout (the traffic side retries a pending rollback). */
    private readonly onLoaded: (live: LiveRollout | null) => void = () => {},
  ) {
    this.servingModel = pools.defaultPool.model;
  }

  servingPool(): ModelPool {
    return this.pools.get(this.servingModel) ?? this.pools.defaultPool;
  }

  /** True when this rollout may shape traffic on this gateway. */
  drivesTraffic(rollout: Rollout): boolean {
    return (
      rollout.baselineModel === this.servingModel &&
      this.pools.get(rollout.baselineModel) !== undefined &&
      this.pools.get(rollout.candidateModel) !== undefined
    );
  }

  /**
   * Re-read the serving model and the active rollout. The read this returns starts after the call, so a
   * caller that just wrote a transition sees it; callers arriving during a read share the next one.
   */
  refresh(): Promise<void> {
    if (!this.loading) {
      this.loading = this.load().finally(() => {
        this.loading = undefined;
      });
      return this.loading;
    }
    this.queued ??= this.loading
      .catch(() => {})
      .then(() => {
        this.queued = undefined;
        return this.refresh();
      });
    return this.queued;
  }

  private async load(): Promise<void> {
    const [active, promoted] = await Promise.all([this.db.rollouts.active(), promotedCandidates(this.db)]);
    this.servingModel = promoted.find((model) => this.pools.get(model)) ?? this.pools.defaultPool.model;
    // Newest first: one rollout at a time shapes traffic; others (other pools, stale baselines) are listed only.
    const current = active.find((r) => this.drivesTraffic(r)) ?? null;
    const previous = this.live;
    if (!current) this.live = null;
    else {
      const same = previous?.rollout.id === current.id;
      this.live = {
        rollout: current,
        candidate: this.pools.get(current.candidateModel)!,
        rollingBack: same ? previous.rollingBack : false,
        pendingAutoRollback: same ? previous.pendingAutoRollback : null,
      };
    }
    if (previous && previous.rollout.id !== current?.id) {
      this.metrics.canaryPercent.set({ candidate: previous.candidate.model }, 0);
    }
    if (this.live) {
      const { rollout } = this.live;
      this.metrics.canaryPercent.set({ candidate: rollout.candidateModel }, rollout.canaryPercent);
    }
    this.onLoaded(this.live);
  }
}
