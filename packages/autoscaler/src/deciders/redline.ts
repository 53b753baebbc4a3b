/**
 * The redline decider: KPA's shape (stable + panic windows on request concurrency) fixed for GPU pods that
 * take minutes to become ready.
 *   - Size on load, not concurrency: observed per-pod concurrency is converted to requests/s through the
 *     calibrated throughput curve, and the fleet is sized so each pod runs at targetUtilization of the
 *     calibrated SLO concurrency. Near saturation, latency (hence concurrency) grows faster than load; sizing on
 *     raw concurrency over-orders during every burst.
 *   - Burst headroom: the load is sized × B, B the request-weighted high quantile of (6-s load / 60-s load)
 *     over the last minutes. Calibration measures a pod under steady Poisson load; real traffic swings above
 *     its minute mean for seconds at a time, faster than any pod can start, so only capacity already standing
 *     serves the swing. A smooth load has B ≈ 1 and pays nothing.
 *   - Rises revert: above its 10-minute mean, the load is sized at mean + risePersistence × excess. A pod
 *     ordered now serves from start-up time on; most rises of the recent level (the conversation trace's
 *     3-minute peak) are over by then, and pods bought for them arrive late and must then be held (or
 *     released: a direction reversal). Rises that last are caught by the overload rule, and the mean follows.
 *   - Overload scale-up: the panic window alone adds pods only when the load it shows has exceeded the ORDERED
 *     pods' SLO capacity (calibrated rate × overloadFactor) for overloadSustainMs × B³ — a step, not a spike.
 *     Spikes shorter than that are what the burst headroom is for. One overload order at a time: none while
 *     the pods of the last one are starting (saturated pods' readings overstate the load; a second order
 *     lands after the first).
 *   - Advance order on a sudden rise: on smooth load (B ≤ 1.1), when the panic-window load has risen on two
 *     looks running, stands 15 % (and more than any swing of the last burstWindowMs) above the stable-window
 *     load, and — projected over the half window its mean lags by — is past the ordered pods' SLO capacity,
 *     order a few pods at once (advancePods), ~10 s before the overload rule can confirm a step. In those
 *     seconds a step and a 90-s burst of the same slope look alike, so the advance is small: a burst costs
 *     those few pods; a step gets its first capacity earlier, which is when it relieves the saturated fleet
 *     most. The advance is not counted as ordered capacity by the overload rule, which still sizes the step.
 *   - Starting pods are capacity already ordered: the order grows only when demand exceeds ready + starting.
 *   - Panic (demand ≥ panicThreshold × ready capacity) holds until every ordered pod is ready AND a stable
 *     window has passed since demand was last over the threshold; no scale-down while panicking.
 *   - Scale-down only from the rolling maximum of recommendations over scaleDownStabilizationMs × B (10 min),
 *     only when the order exceeds it by more than the tolerance band, never while pods are still starting,
 *     and never below what diurnal memory needs within lead + that window. On bursty load a quiet 5 minutes
 *     is no evidence the bursts have ended; pods released then are bought back at the next burst (a
 *     reversal, and a start-up paid for nothing).
 *   - A ready pod with missing metrics is assumed to carry the mean load of the pods that report: it neither
 *     reads as idle (which would hide load) nor as full (which would inflate the order). With no metrics at
 *     all the order is held.
 *   - Optional diurnal memory: a floor of fraction × the pods yesterday's load needed, looked up leadMs ahead.
 */
import { DEFAULT_MEMORY_LEAD_MS, type DiurnalMemoryOptions, memoryFloor } from './diurnal-memory.ts';
import { SampleWindow } from './sample-window.ts';
import { createThroughputModel, type ThroughputPoint } from './throughput-curve.ts';
import { SlidingTrend } from './trend.ts';
import type { DecideInput, DecideResult, Decider } from './types.ts';

export interface RedlineConfig {
  /** Highest per-pod concurrency whose p99 meets the SLO (from `calibrate`). */
  targetConcurrencyPerPod: number;
  /**
   * Run pods at this fraction of the calibrated SLO concurrency. Default 0.8 (KPA's default is 0.7): the burst
   * headroom B already covers the load's swings, and 0.75 on top of it held conv 3 % above KPA's GPU-hours.
   */
  targetUtilization?: number;
  /** Calibrated concurrency → throughput curve. Default: throughput ∝ concurrency. */
  curve?: readonly ThroughputPoint[];
  /**
   * Past the curve's last point, read demand as growing with concurrency up to this multiple of the saturated
   * throughput (throughput-curve.ts). Default 2: the gateways shed what they cannot queue within the deadline,
   * so a saturated pod's in-flight count stops growing and a cap of 1× hid most of a burst (the code trace grew
   * the fleet 1 → 3 → 6 → 11 over ten minutes); beyond 2× the order overshot for bursts already gone.
   */
  maxExtrapolation?: number;
  /** Panic when panic-window demand ≥ this × ready capacity. Default 1.5 (earlier than KPA's 2). */
  panicThreshold?: number;
  /** Length of the stable window the concurrencies were averaged over; panic lasts at least this long after
   * demand was last over the threshold. Default 60 000 ms. */
  stableWindowMs?: number;
  /** Length of the panic window. Default 6 000 ms. */
  panicWindowMs?: number;
  /** Burst headroom B: this request-weighted quantile of 6-s load / 60-s load. Default 0.8; 0 disables. */
  burstQuantile?: number;
  /** Look-back of the burst headroom. Default 300 000 ms. */
  burstWindowMs?: number;
  /** Cap on B (it also stretches the overload and scale-down windows). Default 2.5. */
  maxBurstFactor?: number;
  /** The load's "recent level": its mean over this window. Default 600 000 ms. */
  levelWindowMs?: number;
  /** Share of a rise above the recent level that is sized for. Default 0.2; 1 sizes the full rise. */
  risePersistence?: number;
  /**
   * Overload: panic-window load above this × the ordered pods' SLO capacity. Default 1.1: at 1.05 the diurnal
   * day's +40 % burst on its afternoon fleet (2 753 vs 2 712 req/s) bought 10 pods that arrived after it.
   */
  overloadFactor?: number;
  /** ... sustained this long (× B^sustainBurstExponent). Default 6 000 ms (one panic window). */
  overloadSustainMs?: number;
  /**
   * How steeply swinging load stretches the overload window. Default 3: smooth load (B ≈ 1: the step) keeps
   * 6 s; the conversation trace (B 1.15–1.3) needs 9–13 s, or its minute-long peaks order pods that arrive
   * after them; the code trace (B 2.5) ~94 s, longer than its bursts.
   */
  sustainBurstExponent?: number;
  /**
   * Scale-down uses the max recommendation over this window (× B). Default 600 000 ms: pods bought for a
   * peak are held through the next ten minutes rather than released and bought back (a reversal).
   */
  scaleDownStabilizationMs?: number;
  /** Hold while the order is within (1 + tolerance) × the needed count. Default 0.1. */
  scaleDownTolerance?: number;
  /**
   * Project the stable load's trend (least squares over trendWindowMs) this far ahead — the pods' start-up
   * time — and order for it while load is rising. 0 disables (default): in `simulate` a 180 s lead bought
   * +3.6 points of SLO attainment on the diurnal day for +14 % GPU-hours, more than KPA used.
   */
  trendLeadMs?: number;
  /** Window of the trend fit. Default 300 000 ms. */
  trendWindowMs?: number;
  /**
   * Advance order: pods ordered at once on a sudden rise, before the overload rule confirms a step. Default 5
   * (0 disables). In `simulate` (27 pods before the step) each advance pod bought ~0.1 point of SLO attainment
   * on the step trace, and cost ~0.09 GPU-h on the diurnal day, whose afternoon burst (+40 % for 90 s) it
   * also answers (5 pods: +0.33–0.46 GPU-h there): at 3 pods redline still lost the step to KPA on two seeds
   * of four.
   */
  advancePods?: number;
  /**
   * A sudden rise: panic-window load ≥ this × the stable-window load (and above the widest such swing in the
   * last burstWindowMs), risen on the last two looks. Default 1.15: the step trace stands 18–23 % above at the
   * look the advance is worth most; noise with 1-s spikes (redline.test.ts) reaches 10–17 %.
   */
  advanceRiseFactor?: number;
  /** ... with the panic-window load, projected half a window ahead, > this × the ordered pods' SLO capacity.
   * Default 1.05. */
  advanceOverloadFactor?: number;
  /**
   * ... on load whose burst headroom B is at most this. Default 1.1: the conversation (B ≥ 1.14) and code
   * traces swing by more than that every few minutes; their bursts are for the headroom and the overload rule.
   */
  advanceMaxBurstFactor?: number;
  /** Largest multiple of ordered pods one decision may reach. Default 10. */
  maxScaleUpRate?: number;
  /** Never fewer pods than this. Default 1. */
  minPods?: number;
  /** Diurnal memory (yesterday's series). Default none. */
  memory?: DiurnalMemoryOptions;
}

export const REDLINE_DEFAULTS = {
  targetUtilization: 0.8,
  maxExtrapolation: 2,
  panicThreshold: 1.5,
  stableWindowMs: 60_000,
  panicWindowMs: 6_000,
  burstQuantile: 0.8,
  burstWindowMs: 300_000,
  maxBurstFactor: 2.5,
  levelWindowMs: 600_000,
  risePersistence: 0.2,
  overloadFactor: 1.1,
  overloadSustainMs: 6_000,
  sustainBurstExponent: 3,
  scaleDownStabilizationMs: 600_000,
  scaleDownTolerance: 0.1,
  trendLeadMs: 0,
  trendWindowMs: 300_000,
  advancePods: 5,
  advanceRiseFactor: 1.15,
  advanceOverloadFactor: 1.05,
  advanceMaxBurstFactor: 1.1,
  maxScaleUpRate: 10,
  minPods: 1,
} as const;

export interface RedlineDecision extends DecideResult {
  /** Pods needed by the stable and panic windows and the memory floor (for logs and charts). */
  stableNeed: number;
  panicNeed: number;
  memoryFloor: number;
  /** Burst headroom factor B applied to the stable load (1: smooth load). */
  burstFactor: number;
}

export interface RedlineDecider extends Decider {
  decide(input: DecideInput): RedlineDecision;
}

export function createRedlineDecider(config: RedlineConfig): RedlineDecider {
  if (!(config.targetConcurrencyPerPod > 0)) throw new RangeError('targetConcurrencyPerPod must be > 0');
  const c = {
    ...REDLINE_DEFAULTS,
    ...definedOnly(config),
    targetConcurrencyPerPod: config.targetConcurrencyPerPod,
  };
  if (!(c.targetUtilization > 0 && c.targetUtilization <= 1))
    throw new RangeError('targetUtilization in (0, 1]');
  if (!(c.maxBurstFactor >= 1)) throw new RangeError('maxBurstFactor must be >= 1');
  const model = createThroughputModel(config.curve, c.maxExtrapolation);
  // Requests/s one pod should carry, and the most it carries within the SLO (the calibrated point).
  const perPodTargetRps = model.throughputAt(c.targetConcurrencyPerPod * c.targetUtilization);
  const perPodSloRps = model.throughputAt(c.targetConcurrencyPerPod);

  // One sample per decision in each: recommendations (scale-down hold), the panic-window load (overload,
  // recent level) and the 6-s / 60-s load ratio weighted by load (burst headroom).
  const recommendations = new SampleWindow(c.scaleDownStabilizationMs * c.maxBurstFactor);
  const shortLoad = new SampleWindow(
    Math.max(c.levelWindowMs, c.overloadSustainMs * c.maxBurstFactor ** c.sustainBurstExponent),
  );
  const swings = new SampleWindow(c.burstWindowMs);
  const trend = new SlidingTrend(c.trendWindowMs);

  let panicSince = Number.NaN;
  let lastOverThreshold = Number.NaN;
  let started = false;
  let burstFactor = 1;
  // Pods ordered by the last overload scale-up (0: none yet).
  let overloadOrder = 0;
  // Pods of the last advance order while they are starting and no overload order has absorbed them (0: none).
  let advanced = 0;
  // The previous look's panic-window load, the fleet it was read on, and whether it had risen since the look
  // before (on the same fleet).
  let previous = { at: Number.NaN, load: 0, ready: -1, withMetrics: -1, rising: false };

  // The two windows' averages are centred half a window back: their gap over this span is the queue's growth.
  const centreGapSec = (c.stableWindowMs - c.panicWindowMs) / 2 / 1000;

  /** Offered load (req/s) behind `total` in-flight requests seen on `withMetrics` of `ready` pods. */
  const load = (total: number, ready: number, withMetrics: number): number =>
    model.throughputAt(total / withMetrics) * ready;

  const pods = (rps: number) => Math.ceil(rps / perPodTargetRps - 1e-9);
  const memory = config.memory;
  const holdFloor = (now: number) =>
    memory
      ? memoryFloor(
          { ...memory, leadMs: (memory.leadMs ?? DEFAULT_MEMORY_LEAD_MS) + c.scaleDownStabilizationMs },
          now,
        )
      : 0;

  return {
    decide(input: DecideInput): RedlineDecision {
      const now = input.now;
      const ready = Math.max(0, input.readyPods);
      const starting = Math.max(0, input.startingPods ?? 0);
      const ordered = ready + starting;
      const withMetrics = Math.min(ready, input.podsWithMetrics ?? ready);
      const floor = Math.max(c.minPods, config.memory ? memoryFloor(config.memory, now) : 0);
      // Like the HPA, remember the count we start at: a restarted decider must not scale down on its first look.
      if (!started) {
        started = true;
        recommendations.record(now, ordered);
      }

      if (ready > 0 && withMetrics === 0) {
        // Blind: hold what is ordered (but honour the floor).
        const desiredPods = Math.max(ordered, floor);
        const blind = Number.NaN;
        return {
          desiredPods,
          inPanic: !Number.isNaN(panicSince),
          stableNeed: blind,
          panicNeed: blind,
          memoryFloor: floor,
          burstFactor,
        };
      }

      let stableNeed: number;
      let panicNeed: number;
      let overloaded: boolean;
      let advance = 0;
      if (starting === 0) advanced = 0;
      if (ready === 0) {
        // Nothing ready to measure per-pod load on (cold start, all starting): what is in flight is queued
        // demand; size linearly.
        const perPod = c.targetConcurrencyPerPod * c.targetUtilization;
        stableNeed = Math.ceil(input.stableConcurrency / perPod);
        panicNeed = Math.ceil(input.panicConcurrency / perPod);
        overloaded = panicNeed > ordered;
      } else {
        const stableLoad = load(input.stableConcurrency, ready, withMetrics);
        let panicLoad = load(input.panicConcurrency, ready, withMetrics);
        // Saturated pods serve no more than their capacity: the rest of the demand shows only as queue growth.
        if (input.panicConcurrency / withMetrics > model.saturationConcurrency) {
          const growth = Math.max(0, input.panicConcurrency - input.stableConcurrency) / centreGapSec;
          panicLoad += (growth * ready) / withMetrics;
        }
        panicNeed = pods(panicLoad);
        shortLoad.record(now, panicLoad);

        // The largest swing of the panic-window load above the stable one in the last minutes (before this look).
        const widestSwing = swings.maxAfter(now - c.burstWindowMs);
        if (c.burstQuantile > 0 && stableLoad > 0) {
          swings.record(now, panicLoad / stableLoad, panicLoad);
          const q = swings.weightedQuantile(c.burstQuantile);
          burstFactor = Number.isNaN(q) ? 1 : Math.min(c.maxBurstFactor, Math.max(1, q));
        }

        const recent = shortLoad.mean();
        let level = stableLoad > recent ? recent + c.risePersistence * (stableLoad - recent) : stableLoad;
        if (c.trendLeadMs > 0) {
          trend.add(now, stableLoad);
          // Rising load: order now what the ramp will need once the pods are up.
          const rise = trend.slope() * c.trendLeadMs;
          if (rise > 0) level += rise;
        }
        stableNeed = pods(level * burstFactor);

        // A step overloads what is ordered and stays; a spike does not last the window, which load that
        // swings (B > 1) stretches steeply: B^sustainBurstExponent.
        const sustainMs = c.overloadSustainMs * burstFactor ** c.sustainBurstExponent;
        const sustained = shortLoad.minSince(now - sustainMs);
        // An advance order is not yet capacity for this rule: a step it was made for must still be sized.
        overloaded = sustained > (ordered - advanced) * perPodSloRps * c.overloadFactor;
        // One overload order at a time: until its pods are ready, the saturated pods' readings (extrapolated
        // throughput plus queue growth) overstate the load, and a second order would land after the first —
        // in the diurnal day's 2-minute bursts, 39 → 52 pods for a burst over before either arrived.
        const outstanding = starting > 0 && ready < overloadOrder;
        if (outstanding) overloaded = false;

        // Sudden rise, seen rising on two looks running (a spike mostly jumps the window's mean once). The panic
        // window's mean lags the load by half the window: project it over that span with the rise since the
        // last look, read on the same fleet (pods turning ready change the reading, not the load).
        const sameFleet =
          ready === previous.ready && withMetrics === previous.withMetrics && now > previous.at;
        const slope = sameFleet ? Math.max(0, (panicLoad - previous.load) / (now - previous.at)) : 0;
        const risingTwice = slope > 0 && previous.rising;
        previous = { at: now, load: panicLoad, ready, withMetrics, rising: slope > 0 };
        const projected = panicLoad + (slope * c.panicWindowMs) / 2;
        const sudden =
          risingTwice &&
          burstFactor <= c.advanceMaxBurstFactor &&
          panicLoad >= Math.max(c.advanceRiseFactor, widestSwing) * stableLoad &&
          projected > c.advanceOverloadFactor * ordered * perPodSloRps;
        if (c.advancePods > 0 && sudden && !overloaded && !outstanding && advanced === 0)
          advance = c.advancePods;
      }
      const need = Math.max(stableNeed, panicNeed);

      // Panic: demand well above what is ready to serve it.
      if (panicNeed >= c.panicThreshold * Math.max(1, ready) && panicNeed > ready) {
        lastOverThreshold = now;
        if (Number.isNaN(panicSince)) panicSince = now;
      } else if (!Number.isNaN(panicSince) && starting === 0 && now - lastOverThreshold > c.stableWindowMs) {
        panicSince = Number.NaN;
      }
      const inPanic = !Number.isNaN(panicSince);

      recommendations.record(now, Math.max(need, floor));
      let desired = ordered;
      const upTarget = Math.max(overloaded ? panicNeed : stableNeed, floor, ordered + advance);
      if (upTarget > ordered) {
        desired = Math.min(upTarget, Math.ceil(c.maxScaleUpRate * Math.max(1, ordered)));
        if (overloaded) {
          overloadOrder = desired;
          advanced = 0;
        } else if (advance > 0) {
          advanced = Math.min(advance, desired - ordered);
        }
      } else if (!inPanic && starting === 0) {
        const held = recommendations.maxAfter(now - c.scaleDownStabilizationMs * burstFactor);
        // Do not release what yesterday says is needed again within the hold: it would be bought back (a
        // reversal, and a start-up paid for nothing) — the diurnal trough just before the morning ramp.
        const down = Math.max(held, floor, holdFloor(now));
        if (ordered > Math.ceil(down * (1 + c.scaleDownTolerance))) desired = down;
      }
      return {
        desiredPods: Math.max(desired, c.minPods),
        inPanic,
        stableNeed,
        panicNeed,
        memoryFloor: floor,
        burstFactor,
      };
    },
  };
}

/**
 * Requests/s one pod is sized to carry under this configuration (the calibrated curve at targetUtilization of
 * the SLO concurrency): converts a load into the pods it needs, e.g. to record diurnal memory.
 */
export function redlinePerPodTargetRps(
  config: Pick<RedlineConfig, 'targetConcurrencyPerPod' | 'targetUtilization' | 'curve' | 'maxExtrapolation'>,
): number {
  const utilization = config.targetUtilization ?? REDLINE_DEFAULTS.targetUtilization;
  const model = createThroughputModel(
    config.curve,
    config.maxExtrapolation ?? REDLINE_DEFAULTS.maxExtrapolation,
  );
  return model.throughputAt(config.targetConcurrencyPerPod * utilization);
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
