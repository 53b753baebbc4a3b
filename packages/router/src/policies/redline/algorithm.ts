/**
 * redline (default): power of two choices over an estimate of how long a new request would take on each pod,
 * in units of one uncontended request:
 *
 *   cost = tpot × (1 + queued / slots + headroom · min(load, slots) / slots) × kvFactor × errorFactor
 *   queued = max(0, load + 1 − slots)
 *
 *   load     = w · max(0, running + waiting + Δlocal) + (1 − w) · peerFactor · inFlight
 *              The pod's own ORCA report (vLLM `endpoint-load-metrics`: num_requests_running/waiting) is the
 *              only view of load from the G − 1 other gateways; Δlocal = our in-flight now − at report time
 *              adds what we sent since. w = e^(−age/τ) fades a stale report toward the local estimate, our
 *              in-flight scaled by peerFactor (pod load per request of ours, learned from reports), so a pod
 *              with no or old reports is neither G× emptier nor fuller than its peers.
 *   slots    = the pod's batch limit, learned from reports: the largest batch it or any peer ran (pods of a
 *              Deployment share flags and GPU); 1 before any report, which makes the cost the linear
 *              tpot × (load + 1). A limit that shrinks (KV-bound) still shows up as `waiting` in the load.
 *              Continuous batching makes latency flat below the limit (decode is memory-bound: one more
 *              sequence barely changes time per token) and steep above it: a queued request waits for
 *              queued / slots of a service time on average, as slots free up one by one. A linear cost gets
 *              this wrong both ways: it pays to avoid a pod with 7 of 8 slots busy (no wait at all) and does
 *              not see that a 3×-slower empty pod is worse than a fast one with one request queued.
 *   headroom = 0.1: a busier pod costs up to 10 % more, which tips the choice between two pods that can both
 *              start at once only together with a difference in speed (the tie band is as wide): a full batch
 *              runs each token a little slower (0.19 ms per sequence on a 22 ms 8B step).
 *   tpot     = EWMA of time per output token on this pod, (finish − firstToken) / (outputTokens − 1), decaying
 *              toward the fleet prior when stale. Normalises latency by output length (requests differ) and
 *              measures pod speed: a slow GPU or a bigger batch shows up as a higher tpot.
 *   kvFactor = 1 + kvWeight · max(0, w·kv − kvThreshold) / (1 − kvThreshold): near-full KV cache → preemption.
 *   errorFactor = min(1 + failureCost · errorRate / (1 − errorRate), maxErrorFactor) for a first attempt, and
 *              min(1 / (1 − errorRate), maxErrorFactor) for a retry or a hedge; errorRate a decaying
 *              recent failure rate: errorRate / (1 − errorRate) is the expected number of failed attempts per
 *              success on the pod, failureCost what each wastes as a share of a successful request (failure
 *              time / (tpot × output tokens), at least failureCostFloor, at most 1). Without it a pod that fails
 *              in 1 ms has the lowest in-flight and latency of the fleet and becomes a black hole (the classic
 *              least-request failure mode): a pod failing every request reaches the cap. With the time weight,
 *              a pod that fails 20 % of requests instantly (each retried elsewhere in a few ms) keeps almost its
 *              whole share, as it should: its batch slots are still 80 % useful, and starving it would push
 *              its load onto the others (8 pods → 7 at 97 % instead of 85 %). Timeouts weigh a whole request.
 *              For the tie-breaks a failing pod's load is load / (1 − errorRate), the load its arrivals would
 *              make if none failed: its failures leave at once, so it always runs fewer than its peers, and
 *              compared on what it runs it would win every load tie-break (a pod failing half its requests
 *              took 32 % of 4 pods' picks, each failure spending a retry). Counted by arrivals, it gets its
 *              share and no more.
 *              A retry or a hedge weighs each failure as a whole request (the factor becomes the expected
 *              attempts per success, 1 / (1 − errorRate)): it has failed once already, and its next failure
 *              takes it one attempt closer to failing outright. That is where a failing pod's risk belongs.
 *              First attempts used to carry it, as a weight of at least errorRate³ per failure (the chance
 *              that all 3 attempts fail, were they all to land on such pods), which kept a pod failing half
 *              its requests out of use while its slots were free and overloaded the rest. Fleet simulator:
 *              30 of 300 pods failing half their requests (50 gateways, 2 × 400,029 requests): 119 + 108
 *              failed all their attempts, now 8 + 12; 2 of 8 pods failing half at the routing benchmark's
 *              shape (16 seeds): p99 707–1,717 ms with the errorRate³ weight, 642–868 without it
 *              (least-request 730–968).
 *
 * Selection: `choices` distinct random candidates (P2C is two), the cheapest wins; costs within 10 % of each other are a tie
 * (tpot estimates are noisy by a few percent), broken by the wait for a slot, then by tieBreak:
 *   'balanced' (default): a pod emptier by at least tieLoadGap (2) requests wins; else the pod this router
 *              sent to least recently. Two reasons pull apart. Each request vLLM admits runs its prefill in the
 *              same engine step as the batch's decodes (chunked prefill), stalling every running sequence on
 *              that pod for that step (50 prompt tokens add ~6 ms to a ~23 ms 8B step). Sending consecutive
 *              arrivals to the emptiest pod stacks those stalls on the same requests, and those requests,
 *              started together, finish together and empty the pod together: join-the-shortest-queue
 *              oscillates when service times are alike. Spacing arrivals across the pods that can start at once
 *              spreads the stalls (prefill–decode interference: Agrawal et al., "Sarathi-Serve", OSDI 2024).
 *              But with large batches (tens of sequences on a 256-slot pod) the per-sequence cost of a step is
 *              a real share of it, and a pod several requests emptier does run every token faster. A load gap
 *              of one request is within the estimate's own noise (reports lag by a step; in-flight counts hold
 *              requests about to finish); two is a difference worth acting on.
 *   'load':     the lower load wins, then the least recently picked (join-the-shortest-queue among the drawn).
 *   'spacing':  the least recently picked wins (round-robin among the pods that can start at once).
 * A pool of at most choices + saturationProbes endpoints is scanned whole on every pick (no more cost
 * evaluations than the worst case), and there the wait does not break a tie between two pods that would both
 * queue: rotation does. The least recently picked of the whole pool is exact rotation, the even spacing that
 * puts round-robin at the pooled-queue reference with identical pods; the least recently picked of 4 random
 * draws is not, and taking the shorter of two nearly equal waits (a few ms) breaks the rotation too. At the
 * routing benchmark's shape p99 was 1.012–1.037× the reference with both, and is 1.001–1.006× (round-robin:
 * 1.003–1.007×); with 3 gateways over those 8 pods, 1.115–1.143× before and 1.062–1.080× now (6 seeds).
 * Larger pools are sampled as before: there a full scan by every gateway would herd. ('load' over the whole
 * pool is exact join-the-shortest-queue, and oscillates more: 566–574 ms below, 515–523 with 4 draws.)
 * In the fleet simulator at the routing benchmark's shape (8 pods × 8 slots, 16 output tokens, 1 gateway,
 * seeds 1–3), p99 at 85 % load: balanced 481–501, spacing 481–501, load 566–574 ms; at 95 %: 584–590,
 * 583–592, 750–771 ms. At the autoscaler's shape (16 pods of 256 slots, 2 gateways, 63 req/s per pod):
 * balanced 991–999, load 994–1002, spacing 1004–1013 ms. When even the winner would queue (its
 * batch is full), up to `saturationProbes` more distinct random candidates are examined and the first that can start
 * at once is taken (else the cheapest seen). Sampling more only when the first two are saturated keeps the
 * pick O(1) and the spread of P2C in the common case, and approaches join-the-shortest-queue exactly when a
 * wrong pick costs a whole service time of waiting. Why not the minimum over the fleet on every pick:
 * G independent gateways acting on the same stale reports would all pick the same "best" pod (herding).
 * Sources: Envoy LEAST_REQUEST (P2C, choice_count); Linkerd/Finagle peak EWMA; Gateway API Inference Extension
 * (llm-d endpoint picker: queue depth + KV-cache utilisation scorers); vLLM production-stack and AIBrix routers
 * (load from vLLM metrics); Mitzenmacher, "The Power of Two Choices" (2001); Lu et al., "Join-Idle-Queue"
 * (2011): prefer a server known to be idle, sample further only when none is.
 */
import { sampleOne } from '../../selection/sample.ts';
import type { EndpointState } from '../../state/endpoint-state.ts';
import type { FleetSignals } from '../../state/fleet-signals.ts';
import { reportWeight } from '../../state/signals.ts';
import type { Policy, SelectionContext } from '../policy.ts';
import type { RedlineConfig } from './config.ts';
import { expectedSlotWaitMs } from './slot-wait.ts';

/** The fixed load gaps of the tie-breaks that have one ('balanced' takes the configured tieLoadGap). */
const LOAD_GAP: Partial<Record<RedlineConfig['tieBreak'], number>> = {
  load: 0,
  spacing: Number.POSITIVE_INFINITY,
};

export class RedlinePolicy implements Policy {
  readonly name = 'redline' as const;

  constructor(
    readonly config: RedlineConfig,
    private readonly fleet: FleetSignals,
  ) {
    this.loadGap = LOAD_GAP[config.tieBreak] ?? config.tieLoadGap;
  }

  /** Load for the tie-breaks, queue and expected wait (ms) of the endpoint last passed to cost() (read right after it). */
  private load = 0;
  private queued = 0;
  private waitMs = 0;

  /** Smallest load difference that decides a tie (see beats()). */
  private readonly loadGap: number;

  /** Candidates drawn for the current pick (reused: a pick allocates nothing). */
  private readonly drawn: EndpointState[] = [];

  choose(list: readonly EndpointState[], ctx: SelectionContext): EndpointState | undefined {
    const drawn = this.drawn;
    drawn.length = 0;
    const first = sampleOne(list, ctx.random, ctx.exclude);
    if (first === undefined) return undefined;
    drawn.push(first);
    // Something excluded: this pick is a retry or a hedge (see costOf()).
    const retry = ctx.exclude !== undefined && ctx.exclude.size > 0;
    let best = first;
    let bestCost = this.score(first, ctx, retry);
    let bestLoad = this.load;
    let bestQueued = this.queued;
    let bestWait = this.waitMs;
    // `choices` distinct draws; then, only while the best so far would queue, up to saturationProbes more
    // (distinct too, so a small pool is scanned whole before a request queues behind a full batch). A pool no
    // larger than that is scanned whole on every pick: no more cost evaluations than the worst case, and the
    // least recently picked of the whole pool is exact rotation, not that of a random few (see beats()).
    const n = list.length;
    const limit = this.config.choices + this.config.saturationProbes;
    const whole = n <= limit;
    const usual = whole ? n : Math.min(this.config.choices, n);
    const most = Math.min(limit, n);
    while (drawn.length < usual || (bestQueued > 0 && drawn.length < most)) {
      const candidate = sampleOne(list, ctx.random, ctx.exclude, drawn);
      if (candidate === undefined) break;
      drawn.push(candidate);
      const c = this.score(candidate, ctx, retry);
      const waitDecides = !(whole && this.queued > 0 && bestQueued > 0);
      if (
        this.beats(
          c,
          this.waitMs,
          this.load,
          candidate.pickSeq,
          bestCost,
          bestWait,
          bestLoad,
          best.pickSeq,
          waitDecides,
        )
      ) {
        best = candidate;
        bestCost = c;
        bestLoad = this.load;
        bestQueued = this.queued;
        bestWait = this.waitMs;
      }
    }
    drawn.length = 0;
    return best;
  }

  /**
   * Costs within the tie band are a tie: per-pod tpot estimates carry a few percent of noise. Within it the
   * wait for a slot decides (known to the millisecond), unless `waitDecides` is off (the whole pool is in view
   * and both would queue: rotation keeps their batches evenly spaced, see the top). Then load, when it differs by at least the tie-break's
   * gap (any difference for 'load', tieLoadGap for 'balanced', never for 'spacing'); then the pod picked least
   * recently, as HAProxy's leastconn rotates among equals (why: see the top).
   */
  private beats(
    cost: number,
    waitMs: number,
    load: number,
    pickSeq: number,
    bestCost: number,
    bestWaitMs: number,
    bestLoad: number,
    bestPickSeq: number,
    waitDecides: boolean,
  ): boolean {
    const band = this.config.tieBand;
    if (cost < bestCost * (1 - band)) return true;
    if (bestCost < cost * (1 - band)) return false;
    if (waitDecides && waitMs !== bestWaitMs) return waitMs < bestWaitMs;
    if (load !== bestLoad && Math.abs(load - bestLoad) >= this.loadGap) return load < bestLoad;
    return pickSeq < bestPickSeq;
  }

  /** Cost with the slow-start ramp applied (a new pod looks proportionally more expensive). */
  private score(ep: EndpointState, ctx: SelectionContext, retry: boolean): number {
    const cost = this.costOf(ep, ctx.now, retry);
    return ep.slowStart ? cost / ctx.slowStart.weight(ep, ctx.now) : cost;
  }

  cost(ep: EndpointState, now: number): number {
    return this.costOf(ep, now, false);
  }

  /**
   * The cost of a first attempt, or of a retry or hedge (`retry`). A first attempt that fails at once is
   * retried elsewhere within milliseconds, so there a failure weighs only the time it wastes. A retry has
   * already failed once: another failure brings the request one attempt closer to failing outright (and
   * spends another retry-budget token), so there each failure weighs a whole request and the error factor
   * is the expected attempts per success, 1 / (1 − errorRate).
   */
  private costOf(ep: EndpointState, now: number, retry: boolean): number {
    const c = this.config;
    this.waitMs = 0;
    const w = reportWeight(ep.reportAt, now, c.reportDecayMs);
    const local = this.fleet.peerFactor * ep.inFlight;
    let load = local;
    let kvFactor = 1;
    const slots = this.fleet.slotsOf(ep.maxRunningSeen);
    if (w > 0) {
      const since = ep.inFlight - ep.inFlightAtReport;
      // Without running (vLLM's own header), a queue still proves a full batch; otherwise only the local
      // estimate knows how busy the pod is.
      const reported = ep.runningReported
        ? ep.reportedRunning + ep.reportedWaiting + since
        : ep.reportedWaiting > 0
          ? Math.max(slots + ep.reportedWaiting + since, local)
          : local;
      load = w * Math.max(reported, 0) + (1 - w) * local;
      const kv = w * ep.reportedKv;
      if (kv > c.kvThreshold) kvFactor = 1 + (c.kvWeight * (kv - c.kvThreshold)) / (1 - c.kvThreshold);
    }
    let errorFactor = 1;
    let tieLoad = load;
    if (ep.errorRate > 0) {
      const age = now - ep.errorStamp;
      const rate = ep.errorRate * (age > 0 ? Math.exp(-age / c.errorDecayMs) : 1);
      const retries = rate < 1 ? rate / (1 - rate) : Number.POSITIVE_INFINITY;
      // A first attempt's failure costs the time it wastes; a retry's risks the request (see costOf()).
      const weight = retry ? 1 : this.failureCost(ep, now);
      errorFactor = Math.min(1 + weight * retries, c.maxErrorFactor);
      // Arrivals, not survivors (see the top): a fast-failing pod must not look emptier than it is busy.
      tieLoad = rate < 1 ? load / (1 - rate) : Number.POSITIVE_INFINITY;
    }
    const queued = Math.max(load + 1 - slots, 0);
    this.queued = queued;
    this.load = tieLoad;
    const busy = Math.min(load, slots);
    const tpot = this.tpot(ep, now);
    const waitShare = queued > 0 ? this.slotWaitShare(ep, now, tpot, busy, queued, slots) : 0;
    const serviceTimes = 1 + waitShare + (c.headroom * busy) / slots;
    return tpot * serviceTimes * kvFactor * errorFactor;
  }

  /**
   * Expected wait for a batch slot as a share of one service time (sets this.waitMs): from how far along this
   * router's requests there are (slot-wait.ts) once the pod's output length is known, else queued / slots.
   */
  private slotWaitShare(
    ep: EndpointState,
    now: number,
    tpot: number,
    running: number,
    queued: number,
    slots: number,
  ): number {
    const tokens = ep.outputTokensEwma;
    // Our requests there without a first token are the pod's newest: behind its queue if it has one, else
    // just admitted, with a whole service time to run (not a residual of unknown age).
    const starting = Math.max(0, ep.inFlight - ep.decodingSince.length - Math.max(0, queued - 1));
    if (Number.isNaN(tokens) || (ep.decodingSince.length === 0 && starting === 0)) {
      this.waitMs = (queued / slots) * tpot * (Number.isNaN(tokens) ? 1 : tokens);
      return queued / slots;
    }
    const serviceMs = tpot * Math.max(tokens, 1);
    const k = Math.max(1, Math.round(queued));
    this.waitMs = expectedSlotWaitMs({
      decodingSince: ep.decodingSince,
      decodingTokens: ep.decodingTokens,
      now,
      serviceMs,
      tpotMs: tpot,
      running,
      starting,
      k,
    });
    return this.waitMs / serviceMs;
  }

  /**
   * Time a failed attempt on this pod wastes, as a share of one successful request there: its failure time
   * over tpot × output tokens, at least failureCostFloor (the retry's backoff and second pick), at most 1.
   * A pod that never succeeded counts a whole request per failure (the cautious attempts-based penalty).
   */
  private failureCost(ep: EndpointState, now: number): number {
    const tokens = ep.outputTokensEwma;
    if (Number.isNaN(tokens) || Number.isNaN(ep.failMsEwma)) return 1;
    const share = ep.failMsEwma / (this.tpot(ep, now) * Math.max(tokens, 1));
    return Math.min(1, Math.max(this.config.failureCostFloor, share));
  }

  /** Per-endpoint time per output token, drifting back to the fleet prior when not refreshed. */
  tpot(ep: EndpointState, now: number): number {
    const prior = Number.isNaN(this.fleet.tpotPriorMs) ? 1 : this.fleet.tpotPriorMs;
    if (Number.isNaN(ep.tpotEwmaMs)) return prior;
    const age = now - ep.tpotStamp;
    if (age <= 0) return ep.tpotEwmaMs;
    const keep = Math.exp(-age / this.config.tpotDecayMs);
    return prior + (ep.tpotEwmaMs - prior) * keep;
  }
}
