/**
 * Public contract of @redline/fleet-sim (consumed by the autoscaler's trace-driven comparisons: keep stable,
 * extend only additively).
 */
import type { PolicyName, RouterTuning } from '@redline/router';

export type { PolicyName } from '@redline/router';

/** One request of a trace. `at` is ms since the start of the run; a source must be sorted by `at`. */
export interface TraceArrival {
  at: number;
  inputTokens: number;
  outputTokens: number;
}

/** Token-count distribution for synthetic arrivals. */
export type TokenDistribution =
  | { kind: 'fixed'; value: number }
  | { kind: 'uniform'; min: number; max: number }
  /** Geometric-like: exponential with this mean, rounded, clamped to [min, max]. */
  | { kind: 'exponential'; mean: number; min?: number; max?: number };

export interface PoissonArrivals {
  kind: 'poisson';
  qps: number;
  seconds: number;
  /** Default: fixed 50. */
  inputTokens?: TokenDistribution;
  /** Default: fixed 50. */
  outputTokens?: TokenDistribution;
}

export type ArrivalSource = PoissonArrivals | Iterable<TraceArrival>;

export interface ScalerInput {
  /** Simulation time, ms. */
  now: number;
  readyPods: number;
  startingPods: number;
  /** Requests in flight over the whole fleet (at gateways or pods). */
  inFlightTotal: number;
  /** Running + waiting requests per ready pod whose metrics were scraped (pods with missing metrics are
   * omitted: see RunFleetOptions.missingMetrics). */
  inFlightPerPod: number[];
}

/**
 * Scrape failures: a share of pods whose metrics the scaler never receives (a broken exporter, a NetworkPolicy
 * that blocks the scrape, a sidecar that crashed) while they keep serving traffic normally. Each pod fails
 * independently with probability `share`, fixed for its life and drawn from the run's seed and the pod's index
 * (so the same pods fail on every run with that seed, whatever the scaler does).
 */
export interface MissingMetrics {
  /** Share of pods (0–1) whose metrics go missing. */
  share: number;
  /** From this simulation time, ms (default 0). */
  fromMs?: number;
  /** Until this simulation time, ms (default: the whole run). */
  untilMs?: number;
}

export interface FleetScaler {
  intervalMs: number;
  /** Desired number of pods (ready + starting). */
  decide(input: ScalerInput): number;
}

export interface RunFleetOptions {
  arrivals: ArrivalSource;
  /** @redline/pod-model profile name, e.g. 'l40s-llama3-8b'. */
  profile: string;
  /** The pods' batch limit (vLLM --max-num-seqs); default the profile's. */
  maxNumSeqs?: number;
  /** Initial ready pods. */
  pods: number;
  gateways: number;
  policy: PolicyName;
  seed: number;
  /** One-way gateway↔pod delay, ms (default 0.5). */
  networkDelayMs?: number;
  /** Per-request deadline: passed to pick() for shedding; slower requests count as failed (timeout). */
  deadlineMs?: number;
  /** Time from a scale-up decision until the pod is ready (default 60 s). */
  podStartupMs?: number;
  scaler?: FleetScaler;
  /** Timeline sampling period, ms (default 1000). */
  sampleEveryMs?: number;
  /** SLO threshold for withinSloShare, ms (default 1000). */
  sloMs?: number;
  /** Multiply the step time of some pods (fault injection): pod index → slowdown factor. */
  slowPods?: Readonly<Record<number, number>>;
  /**
   * Pods that answer a share of their requests at once with HTTP 503, as pod-sim's `errorRate` fault: pod
   * index → share (0–1). The gateway retries as the real one does (a different pod, at once the first time,
   * under the router's retry budget, never past the deadline).
   */
  failingPods?: Readonly<Record<number, number>>;
  /** Router tuning passed to every gateway's router. */
  routerTuning?: RouterTuning;
  /**
   * Tell the router each request's output length (PickOptions.outputTokensHint), as the gateway does from the
   * text to correct or max_tokens. Default true; false routes every request as one of average length.
   */
  lengthHint?: boolean;
  /** Stop dispatching arrivals after this many ms even if the source has more (safety bound). */
  maxSimMs?: number;
  /** Pods whose metrics the scaler does not receive (default none). */
  missingMetrics?: MissingMetrics;
}

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  mean: number;
  max: number;
}

export interface TimelineSample {
  t: number;
  arrivalsPerSec: number;
  inFlight: number;
  desiredPods: number;
  readyPods: number;
  startingPods: number;
  /** p99 latency of requests completed in this sample period (NaN when none). */
  p99Ms: number;
}

export interface ScaleEvent {
  t: number;
  from: number;
  to: number;
  readyPods: number;
  startingPods: number;
}

export interface FleetResult {
  requests: number;
  succeeded: number;
  failed: number;
  /**
   * Failure breakdown: shed, no-endpoints, timeout (deadline exceeded), rejected (beyond max_model_len),
   * upstream (a 503 that could not be retried: budget, attempts or deadline exhausted).
   */
  failures: { shed: number; noEndpoints: number; timeout: number; rejected: number; upstream: number };
  /**
   * Retries sent (after a pod's 503), and retries the router's retry budget refused. A request whose attempts
   * (3) or time ran out is not a refusal; like a refused one it ends in failures.upstream.
   */
  retries: { sent: number; refused: number };
  /** Latency of succeeded requests, ms (gateway arrival → last token at the gateway). */
  latency: LatencySummary;
  /** Time to first token of succeeded requests, ms. */
  ttft: LatencySummary;
  /** Share of all requests that succeeded within sloMs. */
  withinSloShare: number;
  /** Pod-seconds paid for, counting starting and draining pods. */
  podSeconds: number;
  /** Mean over ready pods and time of running sequences / max_num_seqs. */
  utilisation: number;
  /** Share of ready-pod time with an engine step in flight. */
  busyShare: number;
  timeline: TimelineSample[];
  scaleEvents: ScaleEvent[];
  /** Simulated duration, ms. */
  simulatedMs: number;
  /** Wall-clock time of the run, ms, and events processed (simulator performance). */
  wallMs: number;
  /** CPU time of the run (user + system, all threads incl. GC helpers), ms: meaningful on a shared machine. */
  cpuMs: number;
  events: number;
}
