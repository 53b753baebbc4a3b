/**
 * redline (default): power of two choices over an estimate of how long a new request would take on each pod.
 *
 *   cost = tpot × (load + 1) × kvFactor × min(1 / (1 − errorRate), maxErrorFactor)
 *
 *   load     = w · max(0, running + waiting + Δlocal) + (1 − w) · peerFactor · inFlight
 *              The pod's own ORCA report (vLLM `endpoint-load-metrics`: num_requests_running/waiting) is the
 *              only view of load from the G − 1 other gateways; Δlocal = our in-flight now − at report time
 *              adds what we sent since. w = e^(−age/τ) fades a stale report toward the local estimate, our
 *              in-flight scaled by peerFactor (pod load per request of ours, learned from reports), so a pod
 *              with no or old reports is neither G× emptier nor fuller than its peers.
 *   tpot     = EWMA of time per output token on this pod, (finish − firstToken) / (outputTokens − 1), decaying
 *              toward the fleet prior when stale. Normalises latency by output length (requests differ) and
 *              measures pod speed: a slow GPU or a bigger batch shows up as a higher tpot.
 *   kvFactor = 1 + kvWeight · max(0, w·kv − kvThreshold) / (1 − kvThreshold): near-full KV cache → preemption.
 *   errorRate: decaying recent failure rate; without it a pod that fails in 1 ms has the lowest in-flight and
 *              latency of the fleet and becomes a black hole (the classic least-request failure mode).
 *              1 / (1 − errorRate) is the expected number of attempts per success there: a pod failing 20% of
 *              requests costs 1.25× (its remaining 80% of capacity stays in use), one failing them all costs
 *              maxErrorFactor× until outlier detection ejects it.
 *
 * tpot × (load + 1) approximates the time to drain the pod's current batch plus ours; comparing two random
 * pods on it sends work toward the pod that will finish it soonest. Why P2C and not the minimum over the fleet:
 * G independent gateways acting on the same stale reports would all pick the same "best" pod (herding); two
 * random choices keep picks spread while still avoiding hot pods.
 * Sources: Envoy LEAST_REQUEST; Linkerd/Finagle peak EWMA; Gateway API Inference Extension (llm-d endpoint
 * picker: queue depth + KV-cache utilisation scorers); vLLM production-stack and AIBrix routers (load from
 * vLLM metrics); Mitzenmacher, "The Power of Two Choices" (2001).
 */
import { chooseTwo } from '../../selection/p2c.ts';
import type { EndpointState } from '../../state/endpoint-state.ts';
import type { FleetSignals } from '../../state/fleet-signals.ts';
import { reportWeight } from '../../state/signals.ts';
import type { Policy, SelectionContext } from '../policy.ts';
import type { RedlineConfig } from './config.ts';

export class RedlinePolicy implements Policy {
  readonly name = 'redline' as const;

  constructor(
    readonly config: RedlineConfig,
    private readonly fleet: FleetSignals,
  ) {}

  choose(list: readonly EndpointState[], ctx: SelectionContext): EndpointState | undefined {
    return chooseTwo(this, list, ctx);
  }

  cost(ep: EndpointState, now: number): number {
    const c = this.config;
    const w = reportWeight(ep.reportAt, now, c.reportDecayMs);
    const local = this.fleet.peerFactor * ep.inFlight;
    let load = local;
    let kvFactor = 1;
    if (w > 0) {
      const reported = ep.reportedRunning + ep.reportedWaiting + ep.inFlight - ep.inFlightAtReport;
      load = w * Math.max(reported, 0) + (1 - w) * local;
      const kv = w * ep.reportedKv;
      if (kv > c.kvThreshold) kvFactor = 1 + (c.kvWeight * (kv - c.kvThreshold)) / (1 - c.kvThreshold);
    }
    let errorFactor = 1;
    if (ep.errorRate > 0) {
      const age = now - ep.errorStamp;
      const rate = ep.errorRate * (age > 0 ? Math.exp(-age / c.errorDecayMs) : 1);
      errorFactor = 1 / Math.max(1 - rate, 1 / c.maxErrorFactor);
    }
    return this.tpot(ep, now) * (load + 1) * kvFactor * errorFactor;
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
