/**
 * Load shedding estimate: how long until a new request could start running on a pod, and how long it then
 * runs (tokens × tpot): a request that can start in time but not finish only wastes a batch slot that a
 * request with time left could use, so the router sheds on start delay + service time. In vLLM's continuous
 * batching a request waits only while the scheduler queue is non-empty; queued requests leave the queue as
 * running ones finish, at about running / (outputTokens × tpot) per ms. So
 *     startDelay ≈ w · (waiting + Δlocal) × outputTokens × tpot / running
 * using the pod's last report (w = its freshness, as in the redline cost) and our own sends since it.
 * Deliberately a lower bound: without a fresh report showing a queue, the delay is 0 — we shed only when the
 * evidence says the request is hopeless, never on a guess.
 */
import type { EndpointState } from './state/endpoint-state.ts';
import type { FleetSignals } from './state/fleet-signals.ts';
import { reportWeight } from './state/signals.ts';

/** Expected run time of one request on the pod once it starts (0 before any sample: never shed on a guess). */
export function estimateServiceMs(ep: EndpointState, fleet: FleetSignals): number {
  const tpot = Number.isNaN(ep.tpotEwmaMs) ? fleet.tpotPriorMs : ep.tpotEwmaMs;
  const tokens = Number.isNaN(ep.outputTokensEwma) ? fleet.outputTokensPrior : ep.outputTokensEwma;
  return tpot > 0 && tokens > 0 ? tpot * tokens : 0;
}

export function estimateStartDelayMs(
  ep: EndpointState,
  now: number,
  fleet: FleetSignals,
  reportDecayMs: number,
): number {
  if (ep.reportedWaiting <= 0) return 0;
  const w = reportWeight(ep.reportAt, now, reportDecayMs);
  if (w < 0.05) return 0;
  const serviceMs = estimateServiceMs(ep, fleet);
  if (serviceMs === 0) return 0;
  const sentSince = ep.inFlight - ep.inFlightAtReport;
  const waiting = ep.reportedWaiting + Math.max(sentSince, 0);
  // Without a reported running count (vLLM's own header), a queue means a full batch of the assumed size.
  const running = ep.runningReported ? Math.max(ep.reportedRunning, 1) : fleet.slotsOf(ep.maxRunningSeen);
  return (w * waiting * serviceMs) / running;
}
