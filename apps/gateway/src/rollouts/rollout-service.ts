import type { Database, GateVerdict, Rollout } from '@redline/db';
import type { Clock, RandomSource } from '@redline/router';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { PoolRegistry } from '../pools/model-pool.ts';
import { checkReportMatches, gateRefusal } from './gate-check.ts';
import { RolloutError } from './rollout-errors.ts';
import { RolloutMetrics } from './rollout-metrics.ts';
import { type RolloutOptions, type RolloutSettings, resolveRolloutSettings } from './rollout-settings.ts';
import { RolloutState } from './rollout-state.ts';
import { RolloutTraffic, type SegmentRequest } from './rollout-traffic.ts';
import {
  type GateView,
  type RolloutStatus,
  type RolloutView,
  toGateView,
  toRolloutView,
  toTransitionView,
} from './rollout-views.ts';
import type { PoolSegmentResult, SegmentCorrector } from './segment-corrector.ts';

export type { SegmentRequest } from './rollout-traffic.ts';

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

/**
 * Model rollouts on the correct.check path: shadow (sampled live segments mirrored to the candidate, answers
 * compared), canary (a stable share of API keys served by the candidate, watched by an SLO that rolls back
 * by itself) and promotion (the candidate becomes the serving model), plus the admin operations behind
 * rollouts.*. State lives in the database (rollouts, rollout_transitions, gate_results), so every gateway
 * follows transitions made anywhere within refreshMs; shadow and canary figures are this gateway's own.
 */
export class RolloutService {
  readonly settings: RolloutSettings;
  private readonly state: RolloutState;
  private readonly traffic: RolloutTraffic;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: RolloutServiceOptions) {
    this.settings = resolveRolloutSettings(options.settings);
    const metrics = new RolloutMetrics(options.registry);
    this.state = new RolloutState(options.db, options.pools, metrics, (live) => this.traffic.resume(live));
    this.traffic = new RolloutTraffic({
      state: this.state,
      db: options.db,
      correct: options.correct,
      settings: this.settings,
      metrics,
      clock: options.clock,
      random: options.random,
      logger: options.logger,
    });
  }

  /** Load the state from the database, then follow it every `refreshMs`. */
  async init(): Promise<void> {
    await this.state.refresh();
    this.timer = setInterval(() => {
      this.state
        .refresh()
        .catch((error: unknown) =>
          this.options.logger.error(
            { err: error },
            'rollout state refresh failed; keeping the previous state',
          ),
        );
    }, this.settings.refreshMs);
    this.timer.unref();
  }

  /** Stop following the database and abort shadow copies in flight. */
  close(): void {
    clearInterval(this.timer);
    this.traffic.close();
  }

  /** Correct one correct.check segment on the pool the rollout state assigns to this key. */
  correctSegment(request: SegmentRequest): Promise<PoolSegmentResult> {
    return this.traffic.correctSegment(request);
  }

  /** Re-read the rollout state now (it is re-read every refreshMs anyway). */
  refresh(): Promise<void> {
    return this.state.refresh();
  }

  /** The model correct.check serves to users outside a canary. */
  serving(): string {
    return this.state.servingModel;
  }

  /** Shadow copies in flight (tests, shutdown diagnostics). */
  shadowInFlight(): number {
    return this.traffic.shadowInFlight();
  }

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
    await this.state.refresh();
    if (input.baseline !== this.state.servingModel) {
      throw new RolloutError(
        'PRECONDITION_FAILED',
        `baseline "${input.baseline}" is not the serving model ("${this.state.servingModel}"): a candidate is measured against what users get today`,
      );
    }
    if (this.state.live) {
      const { rollout } = this.state.live;
      throw new RolloutError(
        'CONFLICT',
        `rollout ${rollout.id} (${rollout.candidateModel}) is already in ${rollout.stage}: promote or roll it back first`,
      );
    }
    const created = await db.rollouts.create({ candidate: input.candidate, baseline: input.baseline });
    await this.state.refresh();
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
   * canary → next canary step, last step → promoted. `percent` overrides the next step (from canary, 100
   * promotes).
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
      // Always through canary (even at 100 %): promotion needs the candidate to have served real users.
      return this.transition(rollout, 'canary', actor, reason, input.percent ?? steps[0]!);
    }
    if (rollout.stage === 'canary') {
      if (this.state.live?.rollout.id === rollout.id && this.state.live.rollingBack) {
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
    if (this.state.live?.rollout.id === rollout.id) this.state.live.rollingBack = true;
    return this.transition(rollout, 'rolled-back', input.actor, input.reason);
  }

  /** One rollout (by id) or the active ones, with history, gate, and this gateway's shadow/canary figures. */
  async status(input: { id?: string }): Promise<{ servingModel: string; rollouts: RolloutStatus[] }> {
    await this.state.refresh();
    const rollouts = input.id ? [await this.get(input.id)] : await this.options.db.rollouts.active();
    return {
      servingModel: this.state.servingModel,
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
      drivesTraffic: this.state.live?.rollout.id === rollout.id && !this.state.live.rollingBack,
      history: history.map(toTransitionView),
      gate: gate ? toGateView(gate) : null,
      shadow: this.traffic.shadowSummary(rollout.id),
      canary: this.traffic.canarySummary(rollout.id),
    };
  }

  private async get(id: string): Promise<Rollout> {
    const rollout = await this.options.db.rollouts.get(id);
    if (!rollout) throw new RolloutError('NOT_FOUND', `no rollout with id "${id}"`);
    return rollout;
  }

  private async requirePassingGate(rollout: Rollout): Promise<void> {
    await this.state.refresh();
    const { candidateModel: candidate, baselineModel: baseline } = rollout;
    if (baseline !== this.state.servingModel) {
      throw new RolloutError(
        'PRECONDITION_FAILED',
        `baseline "${baseline}" is no longer the serving model ("${this.state.servingModel}"): start a new rollout against it`,
      );
    }
    const gate = await this.options.db.gateResults.latest(candidate, baseline);
    const refusal = gateRefusal(gate, candidate, baseline);
    if (refusal) throw new RolloutError('PRECONDITION_FAILED', refusal);
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
    await this.state.refresh();
    return toRolloutView(updated);
  }
}
