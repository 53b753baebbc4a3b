/**
 * The discrete-event loop. Five time-ordered sources are merged each iteration:
 *   heap      engine steps, pod-ready, scaler and sampling ticks, retry backoffs (binary heap, typed arrays);
 *   toGateway first-token (+ load report), finish and 503 messages (FIFO: constant network delay);
 *   toPod     requests on their way to the chosen pod            (FIFO);
 *   deadlines per-request deadlines (arrival + constant)         (FIFO);
 *   arrivals  Poisson or trace cursor.
 * Ties go in that order, so a step completing at t is seen before an arrival at t. Each gateway replica owns a
 * real @redline/router Router with only its own view (its in-flight counts, the load reports it received).
 * Pods run BatchEngine, the typed-array twin of @redline/pod-model's Engine (verified step for step against
 * it in batch-engine.test.ts); a step costs O(admitted + finished · log batch), not O(batch).
 */

import { getProfile, type ModelProfile } from '@redline/pod-model';
import {
  createRouter,
  type EndpointSpec,
  type LoadReport,
  type Outcome,
  type PickOptions,
  type RequestHandle,
  type RouterWithStats,
} from '@redline/router';
import { mulberry32 } from '@redline/router/testing';
import { EventHeap } from '../core/event-heap.ts';
import { LatencyHistogram, summariseLatency } from '../core/latency-histogram.ts';
import { TransitQueue } from '../core/transit-queue.ts';
import type { FleetResult, FleetScaler, RunFleetOptions, ScaleEvent, TimelineSample } from '../types.ts';
import { ArrivalCursor } from './arrivals.ts';
import { BatchEngine } from './batch-engine.ts';
import { withBatchLimit } from './capacity.ts';
import { GatewayRetries } from './gateway-retries.ts';
import { RequestSlots } from './slots.ts';

const EV_STEP = 0;
const EV_POD_READY = 1;
const EV_SCALER = 2;
const EV_SAMPLE = 3;
const EV_RETRY = 4;

const MSG_FIRST_TOKEN = 0;
const MSG_FINISH = 1;
/** The pod answered HTTP 503 at once (a failing pod: RunFleetOptions.failingPods). */
const MSG_UNAVAILABLE = 2;

const POD_STARTING = 0;
const POD_READY = 1;
const POD_DRAINING = 2;
const POD_GONE = 3;

const SUCCESS: { kind: 'success'; outputTokens: number } = { kind: 'success', outputTokens: 0 };
/** Released without judging the pod (the gateway's 'cancelled'). */
const RELEASED: Outcome = { kind: 'failure', reason: 'cancelled' };
/** An error response: vLLM rejecting a prompt beyond max_model_len, or a failing pod's 503. */
const HTTP_5XX: Outcome = { kind: 'failure', reason: 'http-5xx' };

interface SimEndpointSpec extends EndpointSpec {
  podIndex: number;
}

export interface SimulationLimits {
  /** Requests arriving before this time are served but not counted in latency statistics. */
  warmupMs: number;
  /** After the last arrival, stop after this long; unfinished requests count as timeouts. */
  drainLimitMs: number;
}

export class FleetSimulation {
  now = 0;
  private readonly heap = new EventHeap();
  private readonly toGateway = new TransitQueue();
  private readonly toPod = new TransitQueue();
  private readonly deadlines = new TransitQueue();
  private readonly slots = new RequestSlots();
  private readonly arrivals: ArrivalCursor;
  private readonly gatewayRandom: () => number;
  private readonly routers: RouterWithStats[] = [];
  private readonly pickOptions: PickOptions = {};
  /** Per pod: share of requests answered at once with 503 (0 for a healthy pod). */
  private readonly unavailableShare: number[] = [];
  private readonly faultRandom: () => number;
  private readonly retries: GatewayRetries;

  private readonly engines: BatchEngine[] = [];
  private readonly podState: number[] = [];
  private readonly podPending: number[] = [];
  /** Per pod: its metrics never reach the scaler (scrape failure); all false without missingMetrics. */
  private readonly podUnscraped: boolean[] = [];
  private readonly specs: SimEndpointSpec[] = [];
  private readyPods: number[] = [];
  private startingPods: number[] = [];
  private drainingCount = 0;

  private readonly delay: number;
  private readonly deadlineMs: number | undefined;
  private readonly lengthHint: boolean;
  private readonly startupMs: number;
  private readonly sampleEveryMs: number;
  private readonly sloMs: number;
  private readonly scaler: FleetScaler | undefined;

  // Statistics.
  private readonly latency = new LatencyHistogram();
  private readonly ttft = new LatencyHistogram();
  private readonly periodLatency = new LatencyHistogram();
  private requests = 0;
  private succeeded = 0;
  private withinSlo = 0;
  private counted = 0;
  private shed = 0;
  private noEndpoints = 0;
  private timeouts = 0;
  private rejected = 0;
  private upstreamFailures = 0;
  private inFlight = 0;
  private periodArrivals = 0;
  private desiredPods: number;
  private podMs = 0;
  private readyPodMs = 0;
  private lastBillAt = 0;
  private busyMs = 0;
  private batchSlotMs = 0;
  private events = 0;
  private readonly timeline: TimelineSample[] = [];
  private readonly scaleEvents: ScaleEvent[] = [];
  private readonly profile: ModelProfile;

  constructor(
    private readonly options: RunFleetOptions,
    private readonly limits: SimulationLimits,
  ) {
    if (!(options.pods >= 0) || !(options.gateways >= 1))
      throw new RangeError('need pods >= 0 and gateways >= 1');
    this.profile = withBatchLimit(getProfile(options.profile), options.maxNumSeqs);
    this.delay = options.networkDelayMs ?? 0.5;
    this.deadlineMs = options.deadlineMs;
    this.lengthHint = options.lengthHint ?? true;
    this.startupMs = options.podStartupMs ?? 60_000;
    this.sampleEveryMs = options.sampleEveryMs ?? 1_000;
    this.sloMs = options.sloMs ?? 1_000;
    this.scaler = options.scaler;
    this.desiredPods = options.pods;
    const seed = options.seed >>> 0;
    this.arrivals = new ArrivalCursor(options.arrivals, mulberry32(seed), options.maxSimMs);
    this.gatewayRandom = mulberry32(seed ^ 0x9e3779b9);
    // Own streams, so failing pods leave the arrivals and the gateways' draws untouched.
    this.faultRandom = mulberry32(seed ^ 0x27d4eb2f);
    this.retries = new GatewayRetries(mulberry32(seed ^ 0x165667b1));
    const clock = { now: () => this.now };
    for (let g = 0; g < options.gateways; g++) {
      this.routers.push(
        createRouter({
          ...options.routerTuning,
          policy: options.policy,
          clock,
          random: mulberry32((seed + Math.imul(g + 1, 0x85ebca6b)) >>> 0),
        }),
      );
    }
    for (let i = 0; i < options.pods; i++) this.readyPods.push(this.addPod(POD_READY));
    this.publishEndpoints();
    if (this.scaler !== undefined) this.heap.push(this.scaler.intervalMs, EV_SCALER, 0);
    this.heap.push(this.sampleEveryMs, EV_SAMPLE, 0);
  }

  run(): FleetResult {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const heap = this.heap;
    const toGateway = this.toGateway;
    const toPod = this.toPod;
    const deadlines = this.deadlines;
    const arrivals = this.arrivals;
    let stopAt = Number.POSITIVE_INFINITY;
    for (;;) {
      let t = heap.peekTime();
      let source = 0;
      const tg = toGateway.peekTime();
      if (tg < t) {
        t = tg;
        source = 1;
      }
      const tp = toPod.peekTime();
      if (tp < t) {
        t = tp;
        source = 2;
      }
      const td = deadlines.peekTime();
      if (td < t) {
        t = td;
        source = 3;
      }
      const ta = arrivals.at;
      if (ta < t) {
        t = ta;
        source = 4;
      }
      if (t === Number.POSITIVE_INFINITY) break;
      if (ta === Number.POSITIVE_INFINITY && stopAt === Number.POSITIVE_INFINITY)
        stopAt = this.now + this.limits.drainLimitMs;
      if (t > stopAt) break;
      this.now = t;
      this.events++;
      if (source === 0) {
        const kind = heap.peekKind();
        const payload = heap.peekPayload();
        heap.pop();
        if (kind === EV_STEP) this.onStep(payload);
        else if (kind === EV_POD_READY) this.onPodReady(payload);
        else if (kind === EV_SCALER) this.onScalerTick();
        else if (kind === EV_RETRY) this.onRetryTimer(payload);
        else this.onSample();
      } else if (source === 1) this.onGatewayMessage();
      else if (source === 2) this.onPodDelivery();
      else if (source === 3) this.onDeadline();
      else this.onArrival();
    }
    this.abandonUnfinished();
    this.bill();
    const cpu = process.cpuUsage(cpuStarted);
    return this.result(performance.now() - started, (cpu.user + cpu.system) / 1000);
  }

  /* ---------------------------------------------------------------- requests */

  private onArrival(): void {
    const a = this.arrivals;
    const slots = this.slots;
    const slot = slots.allocate();
    slots.arrivalAt[slot] = this.now;
    slots.firstTokenAt[slot] = Number.NaN;
    slots.inputTokens[slot] = a.inputTokens;
    slots.outputTokens[slot] = a.outputTokens;
    a.next();
    this.requests++;
    this.periodArrivals++;
    const gateway = Math.floor(this.gatewayRandom() * this.routers.length);
    slots.gateway[slot] = gateway;
    const router = this.routers[gateway]!;
    this.pickOptions.deadlineAt = this.deadlineMs === undefined ? undefined : this.now + this.deadlineMs;
    this.pickOptions.outputTokensHint = this.hintOf(slot);
    const picked = router.pick(this.pickOptions);
    if (!picked.ok) {
      if (picked.reason === 'shed') this.shed++;
      else this.noEndpoints++;
      this.countFinal(slot, false, 0);
      slots.release(slot);
      return;
    }
    this.inFlight++;
    this.send(slot, picked.handle);
    if (this.deadlineMs !== undefined)
      this.deadlines.push(this.now + this.deadlineMs, slot, slots.gen[slot]!);
  }

  /** The request's output length as the gateway would tell its router, unless hints are off. */
  private hintOf(slot: number): number | undefined {
    return this.lengthHint ? this.slots.outputTokens[slot] : undefined;
  }

  private send(slot: number, handle: RequestHandle): void {
    // The router hands back the spec object we gave it, so the pod index rides along (no map lookup).
    const pod = (handle.endpoint as SimEndpointSpec).podIndex;
    this.slots.handles[slot] = handle;
    this.slots.pod[slot] = pod;
    this.podPending[pod]!++;
    this.toPod.push(this.now + this.delay, slot, this.slots.gen[slot]!);
  }

  /** An attempt failed with a 503: retry as the gateway does (gateway-retries.ts), or fail the request. */
  private onAttemptFailed(slot: number): void {
    const slots = this.slots;
    const router = this.routers[slots.gateway[slot]!]!;
    const podId = this.specs[slots.pod[slot]!]!.id;
    slots.handles[slot] = undefined;
    slots.pod[slot] = -1; // between attempts: no pod holds it
    const next = this.retries.onFailure(
      slot,
      slots.gen[slot]!,
      podId,
      router,
      this.deadlineAt(slot) - this.now,
    );
    if (next.kind !== 'retry') this.failUpstream(slot);
    else if (next.waitMs >= 1) this.heap.push(this.now + next.waitMs, EV_RETRY, slot);
    else this.sendRetry(slot);
  }

  private onRetryTimer(slot: number): void {
    // The request may have timed out during the backoff (and its slot been reused).
    if (this.slots.pod[slot] === -1 && this.retries.waiting(slot, this.slots.gen[slot]!))
      this.sendRetry(slot);
  }

  private sendRetry(slot: number): void {
    const deadlineAt = this.deadlineMs === undefined ? undefined : this.deadlineAt(slot);
    const picked = this.routers[this.slots.gateway[slot]!]!.pick(
      this.retries.pickOptions(slot, deadlineAt, this.hintOf(slot)),
    );
    // As the gateway: a retry that finds no other pod reports the original failure.
    if (!picked.ok) this.failUpstream(slot);
    else this.send(slot, picked.handle);
  }

  private failUpstream(slot: number): void {
    this.upstreamFailures++;
    this.inFlight--;
    this.retries.end(slot);
    this.countFinal(slot, false, 0);
    this.slots.release(slot);
  }

  private deadlineAt(slot: number): number {
    return this.slots.arrivalAt[slot]! + (this.deadlineMs ?? Number.POSITIVE_INFINITY);
  }

  private onPodDelivery(): void {
    const q = this.toPod;
    const slot = q.headSlot();
    const gen = q.headGen();
    q.shift();
    const slots = this.slots;
    const pod = slots.pod[slot]!;
    if (slots.gen[slot] !== gen) {
      // Timed out in transit (pod is recorded on the message's request even though the slot moved on).
      return;
    }
    const unavailable = this.unavailableShare[pod]!;
    if (unavailable > 0 && this.faultRandom() < unavailable) {
      // Pending until the 503 reaches the gateway, so a deadline in between settles it exactly once.
      this.toGateway.push(this.now + this.delay, slot, gen, MSG_UNAVAILABLE);
      return;
    }
    this.podPending[pod]!--;
    const engine = this.engines[pod]!;
    const idle = engine.nextStepAt() === Number.POSITIVE_INFINITY;
    if (!engine.submit(slot, this.now)) {
      slots.handles[slot]!.finish(HTTP_5XX);
      this.rejected++;
      this.inFlight--;
      this.countFinal(slot, false, 0);
      slots.release(slot);
      return;
    }
    if (idle) {
      const next = engine.nextStepAt();
      if (next !== Number.POSITIVE_INFINITY) this.heap.push(next, EV_STEP, pod);
    }
  }

  private onStep(pod: number): void {
    const engine = this.engines[pod]!;
    if (!engine.step(this.now)) return;
    const duration = engine.lastStepEndedAt - engine.lastStepStartedAt;
    this.busyMs += duration;
    this.batchSlotMs += engine.lastStepBatch * duration;
    const at = this.now + this.delay;
    const gens = this.slots.gen;
    if (engine.firstTokenCount > 0) {
      const running = engine.running;
      const waiting = engine.waiting;
      const kv = engine.kvCacheUsage;
      const first = engine.firstTokens;
      for (let k = 0; k < engine.firstTokenCount; k++) {
        const slot = first[k]!;
        this.toGateway.push(at, slot, gens[slot]!, MSG_FIRST_TOKEN, running, waiting, kv);
      }
    }
    const finished = engine.finished;
    const outputTokens = this.slots.outputTokens;
    for (let k = 0; k < engine.finishedCount; k++) {
      const slot = finished[k]!;
      this.toGateway.push(at, slot, gens[slot]!, MSG_FINISH, outputTokens[slot]!);
    }
    const next = engine.nextStepAt();
    if (next !== Number.POSITIVE_INFINITY) this.heap.push(next, EV_STEP, pod);
    else if (this.podState[pod] === POD_DRAINING) this.maybeRetire(pod);
  }

  private readonly report: LoadReport = { numRequestsRunning: 0, numRequestsWaiting: 0, kvCacheUsagePerc: 0 };

  private onGatewayMessage(): void {
    const q = this.toGateway;
    const slot = q.headSlot();
    const slots = this.slots;
    if (slots.gen[slot] !== q.headGen()) {
      q.shift();
      return;
    }
    const handle = slots.handles[slot]!;
    const kind = q.headKind();
    if (kind === MSG_UNAVAILABLE) {
      q.shift();
      const pod = slots.pod[slot]!;
      this.podPending[pod]!--;
      handle.finish(HTTP_5XX);
      this.onAttemptFailed(slot);
      if (this.podState[pod] === POD_DRAINING) this.maybeRetire(pod);
      return;
    }
    if (kind === MSG_FIRST_TOKEN) {
      // The router copies the fields it needs, so one report object is reused.
      const report = this.report;
      report.numRequestsRunning = q.headA();
      report.numRequestsWaiting = q.headB();
      report.kvCacheUsagePerc = q.headC();
      q.shift();
      handle.reportLoad(report);
      handle.firstToken();
      slots.firstTokenAt[slot] = this.now;
      if (this.retries.any) this.retries.answered(slot);
      return;
    }
    SUCCESS.outputTokens = q.headA();
    q.shift();
    handle.finish(SUCCESS);
    this.inFlight--;
    this.succeeded++;
    if (this.retries.any) this.retries.end(slot);
    this.countFinal(slot, true, this.now - slots.arrivalAt[slot]!);
    slots.release(slot);
  }

  private onDeadline(): void {
    const q = this.deadlines;
    const slot = q.headSlot();
    const gen = q.headGen();
    q.shift();
    const slots = this.slots;
    if (slots.gen[slot] !== gen) return;
    const pod = slots.pod[slot]!;
    this.timeouts++;
    this.inFlight--;
    if (this.retries.any) this.retries.end(slot);
    this.countFinal(slot, false, 0);
    if (pod === -1) {
      // Waiting out a retry's backoff: no pod holds it.
      slots.release(slot);
      return;
    }
    // The gateway gives up: the pod is told to abort (vLLM aborts on client disconnect). Simulated pods are
    // never silent (they queue or stream), and the gateway does not blame a pod that was visibly working on a
    // request when its deadline came (its run-attempt.ts): released, not failed.
    slots.handles[slot]!.finish(RELEASED);
    if (slots.seqState[slot] !== 0) this.engines[pod]!.cancel(slot);
    else this.podPending[pod]!--; // in transit (or its 503 is): the message will see a stale generation
    slots.release(slot);
    if (this.podState[pod] === POD_DRAINING) this.maybeRetire(pod);
  }

  private countFinal(slot: number, ok: boolean, latencyMs: number): void {
    const arrivedAt = this.slots.arrivalAt[slot]!;
    if (arrivedAt < this.limits.warmupMs) return;
    this.counted++;
    if (!ok) return;
    this.latency.record(latencyMs);
    this.periodLatency.record(latencyMs);
    const first = this.slots.firstTokenAt[slot]!;
    if (!Number.isNaN(first)) this.ttft.record(first - arrivedAt);
    if (latencyMs <= this.sloMs) this.withinSlo++;
  }

  private abandonUnfinished(): void {
    // Requests still open when the drain limit hit: count them as timeouts (the fleet could not keep up).
    this.timeouts += this.inFlight;
    this.counted += this.inFlight;
    this.inFlight = 0;
  }

  /* ---------------------------------------------------------------- pods and scaling */

  private addPod(state: number): number {
    const index = this.engines.length;
    const slowdown = this.options.slowPods?.[index] ?? 1;
    this.unavailableShare.push(this.options.failingPods?.[index] ?? 0);
    this.engines.push(new BatchEngine(this.profile, this.slots, slowdown));
    this.podState.push(state);
    this.podPending.push(0);
    this.podUnscraped.push(this.drawUnscraped(index));
    this.specs.push({ id: `pod-${index}`, url: `sim://pod-${index}`, podIndex: index });
    return index;
  }

  /**
   * Whether pod `index` is one whose scrapes fail: its own seeded draw (seed, index), so which pods fail does
   * not depend on event order and adding the option leaves every other random stream untouched.
   */
  private drawUnscraped(index: number): boolean {
    const share = this.options.missingMetrics?.share ?? 0;
    if (!(share > 0)) return false;
    const draw = mulberry32((this.options.seed ^ 0x5bd1e995) + Math.imul(index + 1, 0x9e3779b1))();
    return draw < share;
  }

  private metricsMissing(pod: number): boolean {
    if (!this.podUnscraped[pod]) return false;
    const m = this.options.missingMetrics!;
    return this.now >= (m.fromMs ?? 0) && this.now < (m.untilMs ?? Number.POSITIVE_INFINITY);
  }

  private publishEndpoints(): void {
    const list = this.readyPods.map((p) => this.specs[p]!);
    for (const router of this.routers) router.setEndpoints(list);
  }

  private bill(): void {
    const dt = this.now - this.lastBillAt;
    if (dt > 0) {
      this.podMs += dt * (this.readyPods.length + this.startingPods.length + this.drainingCount);
      this.readyPodMs += dt * this.readyPods.length;
    }
    this.lastBillAt = this.now;
  }

  private onPodReady(pod: number): void {
    if (this.podState[pod] !== POD_STARTING) return; // cancelled while starting
    this.bill();
    this.startingPods = this.startingPods.filter((p) => p !== pod);
    this.podState[pod] = POD_READY;
    this.readyPods.push(pod);
    this.publishEndpoints();
  }

  private maybeRetire(pod: number): void {
    const engine = this.engines[pod]!;
    if (
      this.podPending[pod] === 0 &&
      engine.running === 0 &&
      engine.waiting === 0 &&
      engine.nextStepAt() === Number.POSITIVE_INFINITY
    ) {
      this.bill();
      this.podState[pod] = POD_GONE;
      this.drainingCount--;
    }
  }

  private onScalerTick(): void {
    const scaler = this.scaler!;
    const perPod: number[] = [];
    for (const p of this.readyPods) {
      if (this.metricsMissing(p)) continue;
      const e = this.engines[p]!;
      perPod.push(e.running + e.waiting);
    }
    const current = this.readyPods.length + this.startingPods.length;
    const raw = scaler.decide({
      now: this.now,
      readyPods: this.readyPods.length,
      startingPods: this.startingPods.length,
      inFlightTotal: this.inFlight,
      inFlightPerPod: perPod,
    });
    const desired = Number.isFinite(raw) ? Math.max(0, Math.round(raw)) : current;
    this.desiredPods = desired;
    if (desired !== current) {
      this.scaleEvents.push({
        t: this.now,
        from: current,
        to: desired,
        readyPods: this.readyPods.length,
        startingPods: this.startingPods.length,
      });
      this.bill();
      if (desired > current) this.scaleUp(desired - current);
      else this.scaleDown(current - desired);
    }
    if (!this.finished()) this.heap.push(this.now + scaler.intervalMs, EV_SCALER, 0);
  }

  private scaleUp(count: number): void {
    for (let i = 0; i < count; i++) {
      const pod = this.addPod(POD_STARTING);
      this.startingPods.push(pod);
      this.heap.push(this.now + this.startupMs, EV_POD_READY, pod);
    }
  }

  private scaleDown(count: number): void {
    let remaining = count;
    // Starting pods go first: nothing to drain, and they are not serving yet.
    while (remaining > 0 && this.startingPods.length > 0) {
      const pod = this.startingPods.pop()!;
      this.podState[pod] = POD_GONE;
      remaining--;
    }
    if (remaining === 0) return;
    // Then the most recently readied pods (deterministic; Kubernetes' choice is implementation-defined).
    const draining = this.readyPods.splice(Math.max(0, this.readyPods.length - remaining), remaining);
    for (const pod of draining) {
      this.podState[pod] = POD_DRAINING;
      this.drainingCount++;
    }
    this.publishEndpoints();
    for (const pod of draining) this.maybeRetire(pod);
  }

  private onSample(): void {
    this.timeline.push({
      t: this.now,
      arrivalsPerSec: (this.periodArrivals * 1000) / this.sampleEveryMs,
      inFlight: this.inFlight,
      desiredPods:
        this.scaler === undefined ? this.readyPods.length + this.startingPods.length : this.desiredPods,
      readyPods: this.readyPods.length,
      startingPods: this.startingPods.length,
      p99Ms: this.periodLatency.quantile(0.99),
    });
    this.periodArrivals = 0;
    this.periodLatency.reset();
    if (!this.finished()) this.heap.push(this.now + this.sampleEveryMs, EV_SAMPLE, 0);
  }

  private finished(): boolean {
    return this.arrivals.at === Number.POSITIVE_INFINITY && this.inFlight === 0;
  }

  /* ---------------------------------------------------------------- result */

  private result(wallMs: number, cpuMs: number): FleetResult {
    const counted = this.counted;
    const failed = this.shed + this.noEndpoints + this.timeouts + this.rejected + this.upstreamFailures;
    return {
      requests: this.requests,
      succeeded: this.succeeded,
      failed,
      failures: {
        shed: this.shed,
        noEndpoints: this.noEndpoints,
        timeout: this.timeouts,
        rejected: this.rejected,
        upstream: this.upstreamFailures,
      },
      retries: { sent: this.retries.sent, refused: this.retries.refused },
      latency: summariseLatency(this.latency),
      ttft: summariseLatency(this.ttft),
      withinSloShare: counted === 0 ? 0 : this.withinSlo / counted,
      podSeconds: this.podMs / 1000,
      utilisation:
        this.readyPodMs === 0
          ? 0
          : this.batchSlotMs / (this.readyPodMs * (this.engines[0]?.profile.maxNumSeqs ?? 1)),
      busyShare: this.readyPodMs === 0 ? 0 : this.busyMs / this.readyPodMs,
      timeline: this.timeline,
      scaleEvents: this.scaleEvents,
      simulatedMs: this.now,
      wallMs,
      cpuMs,
      events: this.events,
    };
  }
}
