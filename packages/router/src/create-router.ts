/**
 * The router: filtering (draining, health, ejection, panic), then the policy's choice, then the optional
 * shedding check; handles feed outcomes back into the shared signals and the outlier detector.
 * Pure: time comes from the injected clock, randomness from the injected source; no timers, no I/O.
 */
import { parseRouterConfig, type RouterConfig } from './config.ts';
import {
  createPolicy,
  type Policy,
  parseSignalConfigs,
  type SelectionContext,
  type SignalConfigs,
} from './policies/index.ts';
import { observeLatency } from './policies/peak-ewma/index.ts';
import { ConcurrencyBudget } from './retry-budget.ts';
import { sampleOne } from './selection/sample.ts';
import { estimateServiceMs, estimateStartDelayMs } from './shedding.ts';
import { EndpointPool } from './state/endpoint-pool.ts';
import type { EndpointState } from './state/endpoint-state.ts';
import { FleetSignals } from './state/fleet-signals.ts';
import { HealthTracker } from './state/health-tracker.ts';
import { OutlierDetector } from './state/outlier-detector.ts';
import { ewmaStep } from './state/signals.ts';
import { SlowStart } from './state/slow-start.ts';
import type {
  Clock,
  CreateRouterOptions,
  EndpointSnapshot,
  EndpointSpec,
  LoadReport,
  Outcome,
  PickOptions,
  PickResult,
  PolicyName,
  RequestHandle,
  RouterWithStats,
} from './types.ts';

/** Advice to callers when nothing is routable: try again after roughly one health-check period. */
const NO_ENDPOINTS_RETRY_AFTER_MS = 1_000;
/** Minimum weight of a single sample in the per-endpoint EWMAs (see ewmaStep). */
const MIN_SAMPLE_WEIGHT = 0.05;

export function createRouter(options: CreateRouterOptions): RouterWithStats {
  return new RouterImpl(options);
}

class RouterImpl implements RouterWithStats {
  readonly policy: PolicyName;
  activeRequests = 0;
  /**
   * activeRequests averaged over about one outlier interval (time-weighted): the ejection guard judges the
   * pool's load on this, not on the instant it runs, when in-flight may happen to dip.
   */
  private activeAverage = 0;
  private activeAverageAt = Number.NaN;
  /** First pick: before a whole interval has passed, the average is the plain mean since then. */
  private activeSince = Number.NaN;
  /** Picks so far: stamps each endpoint's last pick, for least-recently-picked tie-breaks. */
  private picks = 0;
  panicking = false;

  private readonly clock: Clock;
  private readonly config: RouterConfig;
  private readonly signals: SignalConfigs;
  private readonly algorithm: Policy;
  private readonly pool = new EndpointPool();
  private readonly fleet: FleetSignals;
  private readonly outliers: OutlierDetector;
  private readonly health: HealthTracker;
  private readonly slowStart: SlowStart;
  private readonly retryBudget: ConcurrencyBudget;
  private readonly ctx: SelectionContext;

  constructor(options: CreateRouterOptions) {
    this.policy = options.policy;
    this.clock = options.clock;
    this.config = parseRouterConfig(options);
    this.signals = parseSignalConfigs(options);
    this.fleet = new FleetSignals(this.signals.redline.batchSlots);
    this.algorithm = createPolicy(options.policy, options, this.signals, this.fleet);
    const now = this.clock.now();
    this.outliers = new OutlierDetector(this.config.outlier, this.pool, now, (leaving) =>
      this.poolLoad(leaving),
    );
    this.health = new HealthTracker(this.config.health, this.pool);
    this.slowStart = new SlowStart(this.config.slowStart);
    this.retryBudget = new ConcurrencyBudget(this.config.retryBudget);
    this.ctx = { now, random: options.random, exclude: undefined, slowStart: this.slowStart };
    if (options.endpoints !== undefined) this.setEndpoints(options.endpoints);
  }

  get activeRetries(): number {
    return this.retryBudget.active;
  }

  setEndpoints(endpoints: readonly EndpointSpec[]): void {
    this.pool.setEndpoints(endpoints, this.clock.now(), this.slowStart.enabled);
  }

  pick(options?: PickOptions): PickResult {
    const now = this.clock.now();
    this.outliers.tick(now);
    const pool = this.pool;
    const activeCount = pool.active.length;
    if (activeCount === 0)
      return { ok: false, reason: 'no-endpoints', retryAfterMs: NO_ENDPOINTS_RETRY_AFTER_MS };
    const threshold = this.config.panic.thresholdPercent;
    this.panicking = pool.eligible.length * 100 < threshold * activeCount;
    const list = this.panicking ? pool.active : pool.eligible;
    const ctx = this.ctx;
    ctx.now = now;
    ctx.exclude = options?.exclude;
    let ep = this.algorithm.choose(list, ctx);
    if (ep === undefined && ctx.exclude !== undefined && ctx.exclude.size > 0) {
      // Every candidate was already tried: like Envoy's retry host predicate after its attempts run out,
      // reuse a tried healthy endpoint rather than fail the retry or send it to an ejected one.
      ctx.exclude = undefined;
      ep = this.algorithm.choose(list, ctx);
    }
    if (ep === undefined)
      return { ok: false, reason: 'no-endpoints', retryAfterMs: NO_ENDPOINTS_RETRY_AFTER_MS };
    const deadlineAt = options?.deadlineAt;
    if (deadlineAt !== undefined) {
      const verdict = this.checkDeadline(ep, list, now, deadlineAt);
      if (verdict.shed) return { ok: false, reason: 'shed', retryAfterMs: verdict.retryAfterMs };
      ep = verdict.endpoint;
    }
    ep.inFlight++;
    ep.pickSeq = ++this.picks;
    this.averageActive(now);
    this.activeRequests++;
    return { ok: true, handle: new RouterHandle(this, ep, now, validHint(options?.outputTokensHint)) };
  }

  /**
   * Shed only when clearly hopeless: the chosen endpoint and up to `probes` more random candidates all have an
   * estimated start delay beyond the remaining time. Probes keep this O(1); if one can make it, use it.
   */
  private checkDeadline(
    chosen: EndpointState,
    list: readonly EndpointState[],
    now: number,
    deadlineAt: number,
  ): { shed: false; endpoint: EndpointState } | { shed: true; retryAfterMs: number } {
    const remaining = deadlineAt - now;
    const decay = this.config.shedding.reportDecayMs;
    const allowed = remaining * this.config.shedding.hopelessFactor;
    let best = estimateStartDelayMs(chosen, now, this.fleet, decay);
    if (remaining > 0 && this.finishAfterMs(chosen, best) <= allowed)
      return { shed: false, endpoint: chosen };
    if (remaining <= 0) return { shed: true, retryAfterMs: Math.ceil(best) };
    for (let i = 0; i < this.config.shedding.probes; i++) {
      const probe = sampleOne(list, this.ctx.random, this.ctx.exclude);
      if (probe === undefined) break;
      const delay = estimateStartDelayMs(probe, now, this.fleet, decay);
      if (this.finishAfterMs(probe, delay) <= allowed) return { shed: false, endpoint: probe };
      if (delay < best) best = delay;
    }
    return { shed: true, retryAfterMs: Math.ceil(best) };
  }

  /** When a request would finish, given its start delay. Only a queue is evidence: with none, even a request
   * short on time is tried (the pod may be quick). */
  private finishAfterMs(ep: EndpointState, startDelayMs: number): number {
    return startDelayMs > 0 ? startDelayMs + estimateServiceMs(ep, this.fleet) : 0;
  }

  /**
   * Folds the time since the last change into activeAverage: a time-weighted EWMA over one outlier interval
   * (linear weights: steps are tiny), the exact running mean while less than an interval has passed.
   */
  private averageActive(now: number): void {
    if (Number.isNaN(this.activeSince)) {
      this.activeSince = now;
      this.activeAverage = this.activeRequests;
    } else {
      const window = Math.min(this.config.outlier.intervalMs, now - this.activeSince);
      const weight = window > 0 ? Math.min(1, (now - this.activeAverageAt) / window) : 0;
      if (weight > 0) this.activeAverage += weight * (this.activeRequests - this.activeAverage);
    }
    this.activeAverageAt = now;
  }

  /**
   * How full the eligible endpoints' batches would be if `leaving` of them left: pod load (our in-flight
   * scaled by the peer factor, or the interval's mean when higher) over the slots of the rest. NaN while the
   * batch size is unknown.
   */
  private poolLoad(leaving: number): number {
    const slots = this.fleet.slotsOf();
    if (slots <= 1) return Number.NaN;
    const eligible = this.pool.eligible;
    if (eligible.length <= leaving) return Number.POSITIVE_INFINITY;
    let inFlight = 0;
    for (const ep of eligible) inFlight += ep.inFlight;
    this.averageActive(this.clock.now());
    inFlight = Math.max(inFlight, this.activeAverage);
    return (this.fleet.peerFactor * inFlight) / ((eligible.length - leaving) * slots);
  }

  reportHealth(id: string, healthy: boolean): void {
    const ep = this.pool.byId.get(id);
    if (ep !== undefined) this.health.record(ep, healthy);
  }

  tryAcquireRetry(): { release(): void } | undefined {
    return this.retryBudget.tryAcquire(this.activeRequests);
  }

  snapshot(): EndpointSnapshot[] {
    const now = this.clock.now();
    this.outliers.tick(now);
    const out: EndpointSnapshot[] = [];
    for (const ep of this.pool.byId.values()) {
      const state = ep.terminating
        ? 'terminating'
        : ep.ejectedUntil !== 0
          ? 'ejected'
          : ep.unhealthy
            ? 'unhealthy'
            : 'healthy';
      const weight = this.slowStart.weight(ep, now);
      out.push({
        id: ep.id,
        url: ep.spec.url,
        inFlight: ep.inFlight,
        state,
        cost: this.algorithm.cost(ep, now) / weight,
        ejections: ep.ejections,
      });
    }
    return out;
  }

  /* Feedback from handles. */

  nowForHandle(): number {
    return this.clock.now();
  }

  onLoadReport(ep: EndpointState, report: LoadReport): void {
    const now = this.clock.now();
    ep.reportAt = now;
    ep.runningReported = report.numRequestsRunning !== undefined;
    ep.reportedRunning = nonNegative(report.numRequestsRunning ?? 0);
    ep.reportedWaiting = nonNegative(report.numRequestsWaiting);
    ep.reportedKv = Math.min(1, nonNegative(report.kvCacheUsagePerc));
    ep.inFlightAtReport = ep.inFlight;
    if (ep.reportedRunning > ep.maxRunningSeen) {
      ep.maxRunningSeen = ep.reportedRunning;
      this.fleet.observeBatch(ep.reportedRunning);
    }
    // Without running, the report does not say how many requests the pod holds.
    if (ep.runningReported) this.fleet.observeReport(ep.reportedRunning + ep.reportedWaiting, ep.inFlight);
  }

  onFirstToken(ep: EndpointState, startedAt: number, now: number, tokensHint: number): void {
    observeLatency(ep, now - startedAt, now, this.signals.peakEwma.decayMs);
    ep.decodingSince.push(now);
    ep.decodingTokens.push(tokensHint);
    ep.answered = true;
  }

  onFinish(ep: EndpointState, outcome: Outcome, startedAt: number, firstTokenAt: number): void {
    const now = this.clock.now();
    ep.inFlight--;
    this.averageActive(now);
    this.activeRequests--;
    if (!Number.isNaN(firstTokenAt)) removeDecoding(ep, firstTokenAt);
    if (outcome.kind === 'failure' && outcome.reason === 'cancelled') {
      this.pool.dropIfDrained(ep);
      return;
    }
    if (Number.isNaN(firstTokenAt)) observeLatency(ep, now - startedAt, now, this.signals.peakEwma.decayMs);
    const errorDecay = this.signals.redline.errorDecayMs;
    if (outcome.kind === 'success') {
      this.observeTokens(ep, outcome.outputTokens, startedAt, firstTokenAt, now);
      if (ep.errorRate > 0) {
        ep.errorRate = ewmaStep(ep.errorRate, ep.errorStamp, 0, now, errorDecay, 0.1);
        ep.errorStamp = now;
      }
      this.outliers.onSuccess(ep);
      this.health.record(ep, true);
    } else {
      ep.failMsEwma = ewmaStep(ep.failMsEwma, ep.errorStamp, now - startedAt, now, errorDecay, 0.1);
      ep.errorRate = ewmaStep(ep.errorRate, ep.errorStamp, 1, now, errorDecay, 0.1);
      ep.errorStamp = now;
      this.outliers.onFailure(ep, now, outcome.reason);
      if (outcome.reason === 'connect') this.health.record(ep, false);
    }
    this.outliers.tick(now);
    this.pool.dropIfDrained(ep);
  }

  private observeTokens(
    ep: EndpointState,
    tokens: number,
    startedAt: number,
    firstTokenAt: number,
    now: number,
  ) {
    if (!(tokens >= 1)) return;
    const streamed = !Number.isNaN(firstTokenAt) && tokens > 1;
    const tpot = streamed ? (now - firstTokenAt) / (tokens - 1) : (now - startedAt) / tokens;
    if (!(tpot >= 0)) return;
    if (Number.isNaN(ep.tpotEwmaMs)) {
      ep.tpotEwmaMs = tpot;
      ep.outputTokensEwma = tokens;
    } else {
      // One decay factor for both EWMAs (same stamp): see ewmaStep for the minimum sample weight.
      const dt = now - ep.tpotStamp;
      let keep = dt > 0 ? Math.exp(-dt / this.signals.redline.tpotDecayMs) : 1;
      if (keep > 1 - MIN_SAMPLE_WEIGHT) keep = 1 - MIN_SAMPLE_WEIGHT;
      ep.tpotEwmaMs = ep.tpotEwmaMs * keep + tpot * (1 - keep);
      ep.outputTokensEwma = ep.outputTokensEwma * keep + tokens * (1 - keep);
    }
    ep.tpotStamp = now;
    this.fleet.observeTpot(tpot);
    this.fleet.observeOutputTokens(tokens);
  }
}

class RouterHandle implements RequestHandle {
  private done = false;
  private firstTokenAt = Number.NaN;

  constructor(
    private readonly router: RouterImpl,
    private readonly state: EndpointState,
    private readonly startedAt: number,
    private readonly tokensHint: number,
  ) {}

  get endpoint(): EndpointSpec {
    return this.state.spec;
  }

  reportLoad(report: LoadReport): void {
    if (!this.done) this.router.onLoadReport(this.state, report);
  }

  firstToken(): void {
    if (this.done || !Number.isNaN(this.firstTokenAt)) return;
    this.firstTokenAt = this.router.nowForHandle();
    this.router.onFirstToken(this.state, this.startedAt, this.firstTokenAt, this.tokensHint);
  }

  finish(outcome: Outcome): void {
    if (this.done) return;
    this.done = true;
    this.router.onFinish(this.state, outcome, this.startedAt, this.firstTokenAt);
  }
}

/** Removes one decoding request that started at `since` (swap with the last: order does not matter). */
function removeDecoding(ep: EndpointState, since: number): void {
  const i = ep.decodingSince.lastIndexOf(since);
  if (i < 0) return;
  const last = ep.decodingSince.length - 1;
  ep.decodingSince[i] = ep.decodingSince[last]!;
  ep.decodingTokens[i] = ep.decodingTokens[last]!;
  ep.decodingSince.pop();
  ep.decodingTokens.pop();
}

/** A usable output-length hint, else NaN (the pod's average length). */
function validHint(hint: number | undefined): number {
  return hint !== undefined && Number.isFinite(hint) && hint >= 1 ? hint : Number.NaN;
}

function nonNegative(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}
