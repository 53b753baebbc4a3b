import type { Database, GateVerdict, Rollout } from '@redline/db';
import { DatabaseError } from '@redline/db';
import type { Clock, RandomSource } from '@redline/router';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ModelPool, PoolRegistry } from '../pools/model-pool.ts';
import { CanaryMonitor } from './canary-monitor.ts';
import { inCanary } from './canary-split.ts';
import { promotedCandidates } from './promoted-models.ts';
import { RolloutError } from './rollout-errors.ts';
import { RolloutMetrics } from './rollout-metrics.ts';
import { type RolloutOptions, type RolloutSettings, resolveRolloutSettings } from './rollout-settings.ts';
import {
  type GateView,
  type RolloutStatus,
  type RolloutView,
  toGateView,
  toRolloutView,
  toTransitionView,
} from './rollout-views.ts';
import type { PoolSegmentInput, PoolSegmentResult, SegmentCorrector } from './segment-corrector.ts';
import { ShadowMirror } from './shadow-mirror.ts';
import { ShadowStats } from './shadow-stats.ts';

export interface RolloutServiceOptions {
  db: Database;
  pools: PoolRegistry;
  /** Corrects a segment on a given pool (the gateway's CorrectionService). */
  correct: SegmentCorrector;
  /** The gateway's Prometheus registry. */
  registry: Registry;
  clock: Clock;
  random: RandomSource;
  logger: Logger;
  settings?: RolloutOptions;
}

/** A correct.check segment, with the API key asking (it decides canary membership). */
export type SegmentRequest = Omit<PoolSegmentInput, 'pool' | 'useCache'> & { keyId: string };

/** The rollout currently shaping traffic on this gateway. */
interface LiveRollout {
  rollout: Rollout;
  candidate: ModelPool;
  /** Set once a rollback is decided: canary traffic returns to the baseline before the DB write lands. */
  rollingBack: boolean;
  /** Auto-rollback reason, kept until the transition is stored (retried on refresh if the DB failed). */
  pendingAutoRollback: string | null;
}

/** Rollouts remembered in memory for status after they end. */
const REMEMBERED_ROLLOUTS = 16;

/**
 * Model rollouts on the correct.check path: shadow (sampled live segments mirrored to the candidate, answers
 * compared), canary (a stable share of API keys served by the candidate, watched by an SLO that rolls back
 * by itself) and promotion (the candidate becomes the serving model). State lives in the database
 * (rollouts, rollout_transitions, gate_results), so every gateway follows transitions made anywhere; the
 * shadow and canary statistics are this gateway's own observations.
 */
export class RolloutService {
  readonly settings: RolloutSettings;
  private readonly metrics: RolloutMetrics;
  private readonly mirror: ShadowMirror;
  private readonly shadowStats = new Map<string, ShadowStats>();
  private readonly canaryMonitors = new Map<string, CanaryMonitor>();
  private servingModel: string;
  private live: LiveRollout | null = null;
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private rollbackInFlight = false;
  private closed = false;

  constructor(private readonly options: RolloutServiceOptions) {
    this.settings = resolveRolloutSettings(options.settings);
    this.metrics = new RolloutMetrics(options.registry);
    this.servingModel = options.pools.defaultPool.model;
    this.mirror = new ShadowMirror({
      settings: this.settings.shadow,
      correct: options.correct,
      clock: options.clock,
      random: options.random,
      metrics: this.metrics,
      logger: options.logger,
    });
  }

  /** Load the state from the database, then follow it every `refreshMs`. */
  async init(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) =>
        this.options.logger.error({ err: error }, 'rollout state refresh failed; keeping the previous state'),
      );
    }, this.settings.refreshMs);
    this.timer.unref();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    this.mirror.close();
  }

  /** The model correct.check serves to users outside a canary. */
  serving(): string {
    return this.servingModel;
  }

  /** Shadow copies in flight (tests, shutdown diagnostics). */
  shadowInFlight(): number {
    return this.mirror.active();
  }

  // ---- traffic -----------------------------------------------------------------------------------------

  /** Correct one correct.check segment on the pool the rollout state assigns to this key. */
  async correctSegment(request: SegmentRequest): Promise<PoolSegmentResult> {
    const { keyId, ...segment } = request;
    const serving = this.servingPool();
    const live = this.live;
    // Whitespace never reaches a pod: nothing to compare or to measure.
    if (!live || segment.text.trim() === '') return this.options.correct({ ...segment, pool: serving });
    const { rollout } = live;
    if (
      rollout.stage === 'canary' &&
      !live.rollingBack &&
      inCanary(rollout.id, keyId, rollout.canaryPercent)
    ) {
      return this.serveCanary(live, segment);
    }
    if (rollout.stage !== 'shadow' || !this.mirror.sample()) {
      return this.options.correct({ ...segment, pool: serving });
    }
    const started = this.options.clock.now();
    const result = await this.options.correct({ ...segment, pool: serving });
    this.mirror.mirror({
      text: segment.text,
      dialect: segment.dialect,
      servingEdits: result.edits,
      servingLatencyMs: result.cached ? null : this.options.clock.now() - started,
      pool: live.candidate,
      stats: remember(this.shadowStats, rollout.id, () => new ShadowStats()),
    });
    return result;
  }

  private servingPool(): ModelPool {
    return this.options.pools.get(this.servingModel) ?? this.options.pools.defaultPool;
  }

  private async serveCanary(
    live: LiveRollout,
    segment: Omit<PoolSegmentInput, 'pool'>,
  ): Promise<PoolSegmentResult> {
    const { clock } = this.options;
    const started = clock.now();
    try {
      const result = await this.options.correct({ ...segment, pool: live.candidate });
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
    const candidate = live.candidate.model;
    this.metrics.canaryRequests.inc({ candidate, outcome: ok ? 'ok' : 'error' });
    this.metrics.canaryLatency.observe({ candidate }, latencyMs / 1000);
    const monitor = remember(
      this.canaryMonitors,
      live.rollout.id,
      () => new CanaryMonitor(this.settings.canary, this.options.clock),
    );
    const verdict = monitor.record({ ok, latencyMs });
    if (verdict.state !== 'breached' || live.rollingBack) return;
    live.rollingBack = true;
    live.pendingAutoRollback = verdict.reason;
    this.metrics.autoRollbacks.inc({ candidate });
    this.options.logger.warn(
      { rollout: live.rollout.id, candidate, reason: verdict.reason },
      'canary rollback',
    );
    void this.storeAutoRollback(live);
  }

  /** Store the automatic rollback (actor "system"); on a DB failure the next refresh tries again. */
  private async storeAutoRollback(live: LiveRollout): Promise<void> {
    const reason = live.pendingAutoRollback;
    if (reason === null || this.rollbackInFlight || this.closed) return;
    this.rollbackInFlight = true;
    try {
      await this.options.db.rollouts.transition(live.rollout.id, {
        to: 'rolled-back',
        actor: 'system',
        reason,
      });
      live.pendingAutoRollback = null;
    } catch (error) {
      if (error instanceof DatabaseError && error.code !== 'BAD_INPUT') {
        // Someone else (an admin, another gateway) moved it first: their transition stands.
        live.pendingAutoRollback = null;
        this.options.logger.info({ rollout: live.rollout.id, err: error }, 'canary already moved on');
      } else {
        // Traffic is already back on the baseline here; the periodic refresh retries the write.
        this.options.logger.error(
          { rollout: live.rollout.id, err: error },
          'storing the canary rollback failed',
        );
        return;
      }
    } finally {
      this.rollbackInFlight = false;
    }
    if (!this.closed) await this.refresh().catch(() => {});
  }

  // ---- state -------------------------------------------------------------------------------------------

  /** Re-read the serving model and the active rollout from the database (coalesces concurrent calls). */
  refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async load(): Promise<void> {
    const { db, pools } = this.options;
    const [active, promoted] = await Promise.all([db.rollouts.active(), promotedCandidates(db)]);
    this.servingModel = promoted.find((model) => pools.get(model)) ?? pools.defaultPool.model;
    // Newest first: one rollout at a time shapes traffic; others (other pools, stale baselines) are listed only.
    const current = active.find((r) => this.drivesTraffic(r)) ?? null;
    const previous = this.live;
    if (!current) this.live = null;
    else {
      const same = previous?.rollout.id === current.id;
      this.live = {
        rollout: current,
        candidate: pools.get(current.candidateModel)!,
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
      if (this.live.pendingAutoRollback) void this.storeAutoRollback(this.live);
    }
  }

  private drivesTraffic(rollout: Rollout): boolean {
    const { pools } = this.options;
    return (
      rollout.baselineModel === this.servingModel &&
      pools.get(rollout.baselineModel) !== undefined &&
      pools.get(rollout.candidateModel) !== undefined
    );
  }

  // ---- admin operations --------------------------------------------------------------------------------

  /** New rollout in shadow: the candidate sees a sampled copy of live traffic and serves none. */
  async start(input: { candidate: string; baseline: string }): Promise<RolloutView> {
    const { pools, db } = this.options;
    for (const model of [input.candidate, input.baseline]) {
      if (!pools.get(model)) {
        throw new RolloutError(
          'PRECONDITION_FAILED',
          `model "${model}" has no pool on this gateway: register it (models table) or configure it as a pool, then restart the gateway`,
        );
      }
    }
    await this.refresh();
    if (input.baseline !== this.servingModel) {
      throw new RolloutError(
        'PRECONDITION_FAILED',
        `baseline "${input.baseline}" is not the serving model ("${this.servingModel}"): a candidate is measured against what users get today`,
      );
    }
    if (this.live) {
      const { rollout } = this.live;
      throw new RolloutError(
        'CONFLICT',
        `rollout ${rollout.id} (${rollout.candidateModel}) is already in ${rollout.stage}: promote or roll it back first`,
      );
    }
    const created = await db.rollouts.create({ candidate: input.candidate, baseline: input.baseline });
    await this.refresh();
    return toRolloutView(created);
  }

  /** Store an eval gate result for the rollout's candidate against its baseline. */
  async recordGate(input: { rolloutId: string; verdict: GateVerdict; report: unknown }): Promise<GateView> {
    const rollout = await this.get(input.rolloutId);
    checkReportMatches(rollout, input.verdict, input.report);
    const gate = await this.options.db.gateResults.record({
      candidate: rollout.candidateModel,
      baseline: rollout.baselineModel,
      verdict: input.verdict,
      // gate_results.report is NOT NULL (and a JS null reaches SQL as NULL): keep the verdict at least.
      report: input.report ?? { verdict: input.verdict, report: 'none attached' },
    });
    return toGateView(gate);
  }

  /**
   * One step forward: shadow → canary (only with a PASS gate for this candidate against the serving model),
   * canary → next canary step, last step → promoted. `percent` overrides the next step (100 promotes).
   */
  async advance(input: {
    id: string;
    reason: string;
    actor: string;
    percent?: number;
  }): Promise<RolloutView> {
    const rollout = await this.get(input.id);
    const { actor, reason } = input;
    const steps = this.settings.canarySteps;
    if (rollout.stage === 'shadow') {
      await this.requirePassingGate(rollout);
      const candidate = this.options.pools.get(rollout.candidateModel);
      if (!candidate?.isReady()) {
        throw new RolloutError(
          'PRECONDITION_FAILED',
          `candidate "${rollout.candidateModel}" has no healthy endpoint on this gateway: it cannot take canary traffic`,
        );
      }
      const percent = input.percent ?? steps[0]!;
      return this.transition(rollout, percent >= 100 ? 'promoted' : 'canary', actor, reason, percent);
    }
    if (rollout.stage === 'canary') {
      if (this.live?.rollout.id === rollout.id && this.live.rollingBack) {
        throw new RolloutError(
          'CONFLICT',
          `rollout ${rollout.id} is being rolled back: its canary breached the SLO`,
        );
      }
      const next = input.percent ?? steps.find((step) => step > rollout.canaryPercent) ?? 100;
      return this.transition(rollout, next >= 100 ? 'promoted' : 'canary', actor, reason, next);
    }
    throw new RolloutError(
      'PRECONDITION_FAILED',
      `rollout ${rollout.id} is ${rollout.stage}, which is final: start a new rollout`,
    );
  }

  /** Back to the baseline for everyone, at once on this gateway (within refreshMs on the others). */
  async rollback(input: { id: string; reason: string; actor: string }): Promise<RolloutView> {
    const rollout = await this.get(input.id);
    if (rollout.stage !== 'shadow' && rollout.stage !== 'canary') {
      throw new RolloutError(
        'PRECONDITION_FAILED',
        `rollout ${rollout.id} is ${rollout.stage}, which is final: to go back, start a rollout of the previous model`,
      );
    }
    if (this.live?.rollout.id === rollout.id) this.live.rollingBack = true;
    return this.transition(rollout, 'rolled-back', input.actor, input.reason);
  }

  /** One rollout (by id) or the active ones, with history, gate, and this gateway's shadow/canary figures. */
  async status(input: { id?: string }): Promise<{ servingModel: string; rollouts: RolloutStatus[] }> {
    await this.refresh();
    const rollouts = input.id ? [await this.get(input.id)] : await this.options.db.rollouts.active();
    return {
      servingModel: this.servingModel,
      rollouts: await Promise.all(rollouts.map((r) => this.describe(r))),
    };
  }

  private async describe(rollout: Rollout): Promise<RolloutStatus> {
    const { db } = this.options;
    const [history, gate] = await Promise.all([
      db.rollouts.history(rollout.id),
      db.gateResults.latest(rollout.candidateModel, rollout.baselineModel),
    ]);
    return {
      ...toRolloutView(rollout),
      drivesTraffic: this.live?.rollout.id === rollout.id && !this.live.rollingBack,
      history: history.map(toTransitionView),
      gate: gate ? toGateView(gate) : null,
      shadow: this.shadowStats.get(rollout.id)?.summary() ?? null,
      canary: this.canaryMonitors.get(rollout.id)?.summary() ?? null,
    };
  }

  private async get(id: string): Promise<Rollout> {
    const rollout = await this.options.db.rollouts.get(id);
    if (!rollout) throw new RolloutError('NOT_FOUND', `no rollout with id "${id}"`);
    return rollout;
  }

  private async requirePassingGate(rollout: Rollout): Promise<void> {
    await this.refresh();
    const { candidateModel: candidate, baselineModel: baseline } = rollout;
    if (baseline !== this.servingModel) {
      throw new RolloutError(
        'PRECONDITION_FAILED',
        `baseline "${baseline}" is no longer the serving model ("${this.servingModel}"): start a new rollout against it`,
      );
    }
    const gate = await this.options.db.gateResults.latest(candidate, baseline);
    if (!gate) {
      throw new RolloutError(
        'PRECONDITION_FAILED',
        `no eval gate result recorded for "${candidate}" against "${baseline}": the rollout stays in shadow ` +
          '(run `redline-eval gate` and record it with rollouts.recordGate / `redline-eval rollout start --gate-report`)',
      );
    }
    if (gate.verdict !== 'PASS') {
      throw new RolloutError(
        'PRECONDITION_FAILED',
        `the latest eval gate for "${candidate}" against "${baseline}" is ${gate.verdict} ` +
          `(recorded ${gate.createdAt.toISOString()}): the rollout stays in shadow until a PASS is recorded`,
      );
    }
  }

  private async transition(
    rollout: Rollout,
    to: 'canary' | 'promoted' | 'rolled-back',
    actor: string,
    reason: string,
    canaryPercent?: number,
  ): Promise<RolloutView> {
    const updated = await this.options.db.rollouts.transition(rollout.id, {
      to,
      actor,
      reason,
      ...(to === 'canary' ? { canaryPercent } : {}),
    });
    await this.refresh();
    return toRolloutView(updated);
  }
}

/** A gate report (redline-eval's gate.json) must be about this rollout's pair and say the same verdict. */
function checkReportMatches(rollout: Rollout, verdict: GateVerdict, report: unknown): void {
  if (typeof report !== 'object' || report === null) return;
  const claimed = report as {
    verdict?: unknown;
    runs?: { candidateModel?: unknown; baselineModel?: unknown };
  };
  if (claimed.verdict !== undefined && claimed.verdict !== verdict) {
    throw new RolloutError(
      'BAD_REQUEST',
      `verdict ${verdict} contradicts the report's ${String(claimed.verdict)}`,
    );
  }
  const runs = claimed.runs;
  const mismatch = (field: unknown, expected: string) => typeof field === 'string' && field !== expected;
  if (
    runs &&
    (mismatch(runs.candidateModel, rollout.candidateModel) ||
      mismatch(runs.baselineModel, rollout.baselineModel))
  ) {
    throw new RolloutError(
      'BAD_REQUEST',
      `the report compares "${String(runs.candidateModel)}" against "${String(runs.baselineModel)}", ` +
        `but rollout ${rollout.id} is "${rollout.candidateModel}" against "${rollout.baselineModel}"`,
    );
  }
}

/** Get or create `map[key]`, keeping only the most recently created REMEMBERED_ROLLOUTS entries. */
function remember<V>(map: Map<string, V>, key: string, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
    if (map.size > REMEMBERED_ROLLOUTS) map.delete(map.keys().next().value!);
  }
  return value;
}
