/**
 * The router's public contract. The gateway (live traffic) and fleet-sim (simulated traffic) both drive a
 * Router through exactly this surface, so a policy behaves the same in production and in simulation.
 * Everything is synchronous and pure given the injected clock and random source: no I/O, no timers.
 */

import type { RedlineTieBreak } from './policies/redline/config.ts';

/** Milliseconds on a monotonic clock. Injected so tests and the simulator control time. */
export interface Clock {
  now(): number;
}

/** Uniform random number in [0, 1). Injected so picks are reproducible. */
export type RandomSource = () => number;

export type PolicyName = 'round-robin' | 'random' | 'least-request' | 'peak-ewma' | 'redline';

export interface EndpointSpec {
  /** Stable identity, e.g. "10.0.3.7:8000" or a pod name. */
  id: string;
  /** Base URL of the OpenAI-compatible server, e.g. "http://10.0.3.7:8000". */
  url: string;
  /** Terminating endpoints get no new requests but finish the ones in flight. */
  terminating?: boolean;
}

/** vLLM's ORCA `endpoint-load-metrics` as the pod reported it on a response. */
export interface LoadReport {
  /**
   * Absent when the pod does not report it: vLLM's own ORCA header carries only waiting and KV usage
   * (vllm/entrypoints/openai/orca_metrics.py); pod-sim and some routers' sidecars add running.
   */
  numRequestsRunning?: number;
  numRequestsWaiting: number;
  /** Fraction in [0, 1]. */
  kvCacheUsagePerc: number;
}

export type FailureReason = 'connect' | 'http-5xx' | 'timeout' | 'reset' | 'cancelled';

export type Outcome = { kind: 'success'; outputTokens: number } | { kind: 'failure'; reason: FailureReason };

/** One request's hold on an endpoint. The in-flight count is taken at pick time and released by finish(). */
export interface RequestHandle {
  readonly endpoint: EndpointSpec;
  /** The pod's load header arrived (headers of the upstream response). */
  reportLoad(report: LoadReport): void;
  /** The first output token arrived. */
  firstToken(): void;
  /** Call exactly once; further calls are ignored. 'cancelled' releases the slot without judging the pod. */
  finish(outcome: Outcome): void;
}

export type PickResult =
  | { ok: true; handle: RequestHandle }
  | { ok: false; reason: 'no-endpoints' | 'shed'; retryAfterMs: number };

export interface PickOptions {
  /** Endpoints already tried by this request (retries and hedges go elsewhere). */
  exclude?: ReadonlySet<string>;
  /** Absolute deadline on the router's clock; used to shed work that cannot start in time. */
  deadlineAt?: number;
  /**
   * Output tokens this request is expected to produce, when the caller knows (a correction is about as long
   * as its text; an OpenAI request's max_tokens bounds it). Redline uses it to tell when the request will free
   * its batch slot; without it, every request is taken at the pod's average length.
   */
  outputTokensHint?: number;
}

export interface EndpointSnapshot {
  id: string;
  url: string;
  inFlight: number;
  state: 'healthy' | 'ejected' | 'unhealthy' | 'terminating';
  /** Current routing cost under the active policy (lower is better); for metrics and debugging. */
  cost: number;
  /** Outlier ejections since the endpoint joined. */
  ejections: number;
}

export interface Router {
  readonly policy: PolicyName;
  /** Replace the endpoint set (from discovery). Known ids keep their state; removed ones drain. */
  setEndpoints(endpoints: readonly EndpointSpec[]): void;
  pick(options?: PickOptions): PickResult;
  /** Result of an active health check (GET /health). */
  reportHealth(id: string, healthy: boolean): void;
  /** Retry budget: call before a retry or hedge; release() when that attempt ends. */
  tryAcquireRetry(): { release(): void } | undefined;
  snapshot(): EndpointSnapshot[];
}

/* ---------------------------------------------------------------------------------------------------------
 * Construction options (extension of the contract: additive only). Every tuning field is optional; defaults
 * are documented in README.md with their sources (Envoy, Linkerd, Finagle).
 * ------------------------------------------------------------------------------------------------------- */

export interface OutlierDetectionOptions {
  /** Eject after this many consecutive failures (Envoy consecutive_5xx default 5). 0 disables. */
  consecutiveFailures?: number;
  /** Evaluation interval for the success-rate checks and multiplier decay (Envoy interval, 10 s). */
  intervalMs?: number;
  /** Base ejection time; actual = base × times ejected, capped (Envoy base_ejection_time 30 s). */
  baseEjectionMs?: number;
  /** Cap on one ejection's duration (Envoy max_ejection_time 300 s). */
  maxEjectionMs?: number;
  /** Maximum share of endpoints ejected at once, in percent (Envoy max_ejection_percent 10). */
  maxEjectionPercent?: number;
  /** Success-rate ejection: hosts below mean − factor × stdev (Envoy success_rate_stdev_factor 1900 → 1.9). */
  successRateStdevFactor?: number;
  /** Minimum requests in an interval for a host to be judged on success rate (Envoy: 100). */
  successRateRequestVolume?: number;
  /** Minimum number of hosts with enough volume for the statistical check (Envoy: 5). */
  successRateMinimumHosts?: number;
  /** Failure-percentage ejection: eject above this failure percentage (Envoy failure_percentage_threshold 85). */
  failurePercentageThreshold?: number;
  /** Minimum requests in an interval for the failure-percentage check (Envoy: 50). */
  failurePercentageRequestVolume?: number;
  /**
   * Skip a success-rate ejection when the rest of the pool would then run above this share of its batch
   * slots (default 0.8). Not in Envoy: a pod that still answers most requests is capacity, and losing 1/n of
   * the fleet to save a few fast, retried failures costs everyone queueing. Needs a known batch size.
   */
  successRateMaxLoadAfterEjection?: number;
}

export interface HealthCheckOptions {
  /** Consecutive failed checks before an endpoint is unhealthy (Envoy unhealthy_threshold; k8s default 3). */
  unhealthyThreshold?: number;
  /** Consecutive passes before it is healthy again (Envoy healthy_threshold). */
  healthyThreshold?: number;
}

export interface SlowStartOptions {
  /** Ramp window for endpoints added after the first setEndpoints (Envoy slow_start_window); 0 disables. */
  windowMs?: number;
  /** Envoy aggression: weight × (t / window)^(1 / aggression). 1 = linear. */
  aggression?: number;
  /** Minimum weight fraction during the ramp (Envoy min_weight_percent 10 → 0.1). */
  minWeight?: number;
}

export interface RetryBudgetOptions {
  /** Retries allowed as a share of active requests (Envoy budget_percent 20 → 0.2). */
  budgetRatio?: number;
  /** Retries always allowed regardless of load (Envoy min_retry_concurrency 3). */
  minConcurrency?: number;
}

export interface LoadSheddingOptions {
  /** Extra P2C-style samples examined before declaring the pool hopeless (bounded: pick stays O(1)). */
  probes?: number;
  /** Shed only when the best estimated start delay exceeds remaining time × this factor (≥ 1: conservative). */
  hopelessFactor?: number;
  /**
   * Age (ms) over which a reported queue fades from the start-delay estimate (default 2 s). Longer than
   * redline's own report decay: a queue deep enough to be hopeless drains over several service times, while
   * the differences between pods that routing acts on are overtaken within one.
   */
  reportDecayMs?: number;
}

export interface PanicOptions {
  /** Route over every non-terminating endpoint when the healthy share falls below this percent (Envoy 50). 0 disables. */
  thresholdPercent?: number;
}

export interface LeastRequestOptions {
  /** Envoy active_request_bias: cost = (in-flight + 1)^bias (default 1). */
  activeRequestBias?: number;
}

export interface PeakEwmaOptions {
  /** Decay time constant of the latency EWMA (Linkerd/Finagle: 10 s). */
  decayMs?: number;
  /** Latency assumed before the first sample (Linkerd default_rtt: 30 ms). */
  defaultRttMs?: number;
}

export interface RedlineCostOptions {
  /** Time constant with which a load report loses weight to the local estimate. */
  reportDecayMs?: number;
  /** Decay of the per-endpoint time-per-output-token EWMA. */
  tpotDecayMs?: number;
  /** Cap of the error factor, reached by a pod that fails every request. Default 20. */
  maxErrorFactor?: number;
  /**
   * Least time a failed attempt is taken to waste, as a share of one successful request's time (the retry's
   * backoff and second pick). Default 0.05.
   */
  failureCostFloor?: number;
  /** Decay of the recent-error rate once failures stop. */
  errorDecayMs?: number;
  /** KV-cache usage above which the cost grows (preemption risk in vLLM). */
  kvThreshold?: number;
  /** Cost multiplier added at 100 % KV usage. */
  kvWeight?: number;
  /** Extra cost of a full batch over an empty one, as a share of a service time (a full batch decodes a little slower). Default 0.1. */
  headroom?: number;
  /** Candidates drawn per pick (power of d choices; Envoy choice_count). Default 4. */
  choices?: number;
  /** Extra candidates sampled when every drawn candidate would queue the request. Default 4. */
  saturationProbes?: number;
  /**
   * Batch limit of the pods (vLLM --max-num-seqs) when known to the operator. Learned from reports of
   * num_requests_running otherwise; vLLM does not report it, so set this for a real vLLM fleet. 0 = learn.
   */
  batchSlots?: number;
  /** Relative cost difference below which two candidates tie (then the shorter wait for a slot, then the least recently picked, wins). Default 0.1. */
  tieBand?: number;
  /**
   * Within the tie band (after the wait for a slot): 'balanced' (default) prefers a pod emptier by at least
   * tieLoadGap requests, else the least recently picked; 'load' prefers the emptier pod at any difference;
   * 'spacing' prefers the least recently picked (spreads vLLM's prefill stalls). See the router README.
   */
  tieBreak?: RedlineTieBreak;
  /** Load difference (requests) that decides a 'balanced' tie. Default 2. */
  tieLoadGap?: number;
}

export interface RouterTuning {
  outlier?: OutlierDetectionOptions;
  health?: HealthCheckOptions;
  slowStart?: SlowStartOptions;
  retryBudget?: RetryBudgetOptions;
  shedding?: LoadSheddingOptions;
  panic?: PanicOptions;
  leastRequest?: LeastRequestOptions;
  peakEwma?: PeakEwmaOptions;
  redline?: RedlineCostOptions;
}

export interface CreateRouterOptions extends RouterTuning {
  policy: PolicyName;
  clock: Clock;
  random: RandomSource;
  /** Initial endpoints (equivalent to a first setEndpoints call: no slow start for them). */
  endpoints?: readonly EndpointSpec[];
}

/** Router plus introspection the gateway can export as metrics. */
export interface RouterWithStats extends Router {
  /** Requests currently holding a handle from this router. */
  readonly activeRequests: number;
  /** Retries and hedges currently holding a budget token. */
  readonly activeRetries: number;
  /** True when the last pick routed in panic mode. */
  readonly panicking: boolean;
}
