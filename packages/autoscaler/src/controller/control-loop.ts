import type { Logger } from 'pino';
import type { Decider } from '../deciders/types.ts';
import { ConcurrencyWindows } from '../windows/concurrency-windows.ts';
import type { ConcurrencyReader } from './concurrency-readers.ts';
import type { ControllerMetrics, Direction } from './controller-metrics.ts';
import { briefError } from './kube-errors.ts';
import type { PodCounts } from './pod-counts.ts';

/** What the loop needs from the cluster; narrow so tests can stand in for any part. */
export interface ControlLoopDeps {
  clock: { now(): number };
  reader: ConcurrencyReader;
  podCounts(): PodCounts;
  /** False until pod counts (and gateway discovery) come from synced caches; nothing runs before. */
  inputsSynced?(): boolean;
  decider: Decider;
  isLeader(): boolean;
  scale: { getReplicas(): Promise<number>; setReplicas(replicas: number): Promise<number> };
  /** Names of HPAs targeting the same Deployment. */
  conflictingHpas(): Promise<string[]>;
  metrics: ControllerMetrics;
  logger: Logger;
}

export interface ControlLoopConfig {
  minReplicas: number;
  maxReplicas: number;
  dryRun: boolean;
  stableWindowMs?: number;
  panicWindowMs?: number;
  /** How often the HPA check runs (it also runs before the first action). Default 30 s. */
  hpaCheckIntervalMs?: number;
}

export type TickOutcome =
  | 'not-synced'
  | 'no-metrics'
  | 'not-leader'
  | 'hpa-conflict'
  | 'unchanged'
  | 'scaled'
  | 'dry-run'
  | 'scale-error';

export interface TickReport {
  outcome: TickOutcome;
  desiredPods?: number;
  currentReplicas?: number;
  inPanic?: boolean;
  direction?: Direction;
}

export function clampReplicas(desired: number, min: number, max: number): number {
  const whole = Number.isFinite(desired) ? Math.ceil(desired) : max;
  return Math.min(max, Math.max(min, whole));
}

/**
 * One controller tick: sample concurrency, average it over the stable and panic windows, ask the decider,
 * clamp, and — only when leading, not dry-running and no HPA owns the Deployment — patch the scale.
 * Every instance samples and decides (a standby's decider stays warm for a takeover); only the leader acts.
 */
export class ControlLoop {
  private readonly windows: ConcurrencyWindows;
  private hpaCheckedAt: number | undefined;
  private hpaNames: string[] = [];

  constructor(
    private readonly deps: ControlLoopDeps,
    private readonly config: ControlLoopConfig,
  ) {
    if (!(config.minReplicas >= 0 && config.maxReplicas >= config.minReplicas)) {
      throw new RangeError('need 0 <= minReplicas <= maxReplicas');
    }
    this.windows = new ConcurrencyWindows({
      ...(config.stableWindowMs !== undefined ? { stableWindowMs: config.stableWindowMs } : {}),
      ...(config.panicWindowMs !== undefined ? { panicWindowMs: config.panicWindowMs } : {}),
    });
  }

  async tick(): Promise<TickReport> {
    const { clock, metrics, logger } = this.deps;
    const now = clock.now();
    if (this.deps.inputsSynced && !this.deps.inputsSynced()) {
      logger.info('EndpointSlice caches not synced yet; not sampling or deciding');
      return { outcome: 'not-synced' };
    }
    const endpointsWithMetrics = await this.sample(now);
    const averages = this.windows.averages(now);
    if (!averages.hasData) {
      logger.info('no concurrency data in the stable window yet; not deciding');
      return { outcome: 'no-metrics' };
    }

    const pods = this.deps.podCounts();
    // Pods still Pending have no IP and so no EndpointSlice entry: the scale's spec.replicas minus the ready
    // pods counts them as starting too.
    const currentReplicas = await this.readReplicas();
    const startingPods =
      currentReplicas === undefined ? pods.starting : Math.max(pods.starting, currentReplicas - pods.ready);
    const input = {
      now,
      readyPods: pods.ready,
      startingPods,
      stableConcurrency: averages.stable,
      panicConcurrency: averages.panic,
      // Series for pods that are gone (or still draining) must not count as ready pods with metrics.
      ...(endpointsWithMetrics !== undefined
        ? { podsWithMetrics: Math.min(endpointsWithMetrics, pods.ready) }
        : {}),
    };
    const result = this.deps.decider.decide(input);
    const desiredPods = clampReplicas(result.desiredPods, this.config.minReplicas, this.config.maxReplicas);
    metrics.desired.set(desiredPods);
    metrics.ready.set(pods.ready);
    metrics.starting.set(startingPods);
    metrics.inPanic.set(result.inPanic ? 1 : 0);
    metrics.stableConcurrency.set(averages.stable);
    metrics.panicConcurrency.set(averages.panic);
    const leader = this.deps.isLeader();
    metrics.leader.set(leader ? 1 : 0);
    const decision = {
      ...input,
      notReadyInSlices: pods.starting,
      terminatingPods: pods.terminating,
      currentReplicas,
      decided: result.desiredPods,
      desiredPods,
      inPanic: result.inPanic,
    };
    const base = { desiredPods, inPanic: result.inPanic };

    if (!leader) {
      logger.info({ ...decision, outcome: 'not-leader' }, 'decision (standby, not acting)');
      return { outcome: 'not-leader', ...base };
    }
    const hpas = await this.hpaConflicts(now);
    if (hpas.length > 0) {
      metrics.hpaConflict.set(1);
      logger.error(
        { ...decision, outcome: 'hpa-conflict', hpas },
        `refusing to scale: HorizontalPodAutoscaler ${hpas.join(', ')} targets the same Deployment`,
      );
      return { outcome: 'hpa-conflict', ...base };
    }
    metrics.hpaConflict.set(0);
    if (currentReplicas === undefined) {
      logger.error({ ...decision, outcome: 'scale-error' }, 'current replicas unknown; not acting');
      return { outcome: 'scale-error', ...base };
    }

    const direction: Direction =
      desiredPods > currentReplicas ? 'up' : desiredPods < currentReplicas ? 'down' : 'none';
    metrics.decisions.inc({ direction });
    const report = { ...base, currentReplicas, direction };
    if (direction === 'none') {
      logger.info({ ...decision, direction, outcome: 'unchanged' }, 'decision');
      return { outcome: 'unchanged', ...report };
    }
    if (this.config.dryRun) {
      logger.info({ ...decision, direction, outcome: 'dry-run' }, 'decision (dry run, not patching)');
      return { outcome: 'dry-run', ...report };
    }
    // The HPA check took time: make sure the lease is still ours before writing.
    if (!this.deps.isLeader()) {
      logger.info({ ...decision, direction, outcome: 'not-leader' }, 'lost the lease before acting');
      return { outcome: 'not-leader', ...report };
    }
    try {
      await this.deps.scale.setReplicas(desiredPods);
    } catch (error) {
      metrics.scaleErrors.inc();
      logger.error(
        { ...decision, direction, outcome: 'scale-error', err: briefError(error) },
        'patching the scale failed',
      );
      return { outcome: 'scale-error', ...report };
    }
    logger.info({ ...decision, direction, outcome: 'scaled' }, `scaled ${currentReplicas} → ${desiredPods}`);
    return { outcome: 'scaled', ...report };
  }

  /** Records this tick's concurrency sample; returns how many endpoints reported (undefined: read failed). */
  private async sample(now: number): Promise<number | undefined> {
    const { metrics, logger } = this.deps;
    try {
      const sample = await this.deps.reader.read();
      this.windows.record(now, sample.total);
      if (sample.failedSources > 0) {
        metrics.scrapeErrors.inc();
        logger.warn(
          { failed: sample.failedSources, sources: sample.sources },
          'partial concurrency read, extrapolated',
        );
      }
      return sample.perEndpoint.size;
    } catch (error) {
      metrics.scrapeErrors.inc();
      logger.warn(
        { err: briefError(error) },
        'concurrency read failed; deciding on the window without this tick',
      );
      return undefined;
    }
  }

  private async readReplicas(): Promise<number | undefined> {
    try {
      return await this.deps.scale.getReplicas();
    } catch (error) {
      this.deps.metrics.scaleErrors.inc();
      this.deps.logger.warn({ err: briefError(error) }, 'reading the Deployment scale failed');
      return undefined;
    }
  }

  /** Cached HPA check; a failed check counts as a conflict (acting blind could start a fight). */
  private async hpaConflicts(now: number): Promise<string[]> {
    const interval = this.config.hpaCheckIntervalMs ?? 30_000;
    if (this.hpaCheckedAt !== undefined && now - this.hpaCheckedAt < interval) return this.hpaNames;
    try {
      this.hpaNames = await this.deps.conflictingHpas();
      this.hpaCheckedAt = now;
    } catch (error) {
      this.deps.logger.warn({ err: briefError(error) }, 'HPA check failed; not acting this tick');
      return ['<unknown: HPA check failed>'];
    }
    return this.hpaNames;
  }
}
