/**
 * peak-ewma: power of two choices over cost = latencyEstimate × (in-flight + 1), as Linkerd's proxy
 * (tower::load::PeakEwma) and Finagle's "Peak EWMA" balancer.
 *  - The estimate is peak-sensitive: a sample above it replaces it at once, lower samples blend in with weight
 *    1 − e^(−Δt/τ), τ = 10 s. Reacting instantly to slowness and slowly to recovery avoids sending a burst to a
 *    pod that was fast a moment ago.
 *  - Without samples the estimate decays toward zero (tower decays on read with rtt = 0), so an endpoint that
 *    stopped receiving traffic is eventually retried rather than shunned forever.
 *  - The sample is time to first token when the gateway reports it (Linkerd measures time to response
 *    headers), otherwise the whole request latency; failures that produced a response count too, as in
 *    Linkerd — which is why a pod failing fast looks attractive here, and why redline adds an error penalty.
 * Sources: linkerd2-proxy / tower `peak_ewma.rs`; Finagle `PeakEwma` (twitter/finagle); Linkerd blog
 * "Beyond Round Robin: Load Balancing for Latency" (2016).
 */
import { chooseTwo } from '../../selection/p2c.ts';
import type { EndpointState } from '../../state/endpoint-state.ts';
import { peakEwmaStep } from '../../state/signals.ts';
import type { Policy, SelectionContext } from '../policy.ts';
import type { PeakEwmaConfig } from './config.ts';

export class PeakEwmaPolicy implements Policy {
  readonly name = 'peak-ewma' as const;

  constructor(readonly config: PeakEwmaConfig) {}

  choose(list: readonly EndpointState[], ctx: SelectionContext): EndpointState | undefined {
    return chooseTwo(this, list, ctx);
  }

  cost(ep: EndpointState, now: number): number {
    return this.latencyEstimate(ep, now) * (ep.inFlight + 1);
  }

  /** Current estimate, decayed toward zero since the last sample. */
  latencyEstimate(ep: EndpointState, now: number): number {
    if (Number.isNaN(ep.rttEwmaMs)) return this.config.defaultRttMs;
    const age = now - ep.rttStamp;
    return age > 0 ? ep.rttEwmaMs * Math.exp(-age / this.config.decayMs) : ep.rttEwmaMs;
  }
}

/** Fold one latency sample into the endpoint (called for every policy: signals are shared). */
export function observeLatency(ep: EndpointState, sampleMs: number, now: number, decayMs: number): void {
  ep.rttEwmaMs = peakEwmaStep(ep.rttEwmaMs, ep.rttStamp, sampleMs, now, decayMs);
  ep.rttStamp = now;
}
