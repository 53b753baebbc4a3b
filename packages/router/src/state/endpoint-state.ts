/**
 * Everything one router instance knows about one endpoint, in plain numeric fields (pick() reads these
 * millions of times per simulated minute, so no maps or closures here). Fields read by pick() and cost()
 * come first: V8 lays out in-object fields in declaration order, so they share the first cache lines.
 * Signals are updated by handles and read by policies; pool membership is managed by EndpointPool.
 */
import type { EndpointSpec } from '../types.ts';

export class EndpointState {
  /** Requests this router has in flight on the endpoint. */
  inFlight = 0;
  /** In the slow-start ramp (never for the initial endpoint set). */
  slowStart: boolean;
  readonly id: string;
  /** Sequence number of this router's last pick of the endpoint (0 = never): ties go to the older pick. */
  pickSeq = 0;

  // Last load report (vLLM ORCA endpoint-load-metrics) and this router's in-flight when it arrived.
  reportAt = Number.NEGATIVE_INFINITY;
  reportedRunning = 0;
  /** The last report carried num_requests_running (vLLM's own header does not). */
  runningReported = false;
  reportedWaiting = 0;
  inFlightAtReport = 0;
  reportedKv = 0;
  /**
   * Largest batch the pod reported running: its batch limit (vLLM max_num_seqs or the KV-cache bound) once it
   * has been full. Not "running when a queue exists": a request arriving mid-step waits for the next step
   * even when the batch has room, so waiting > 0 does not mean full.
   */
  maxRunningSeen = 0;

  // Latency signals. NaN = no sample yet.
  /** EWMA of time per output token (ms/token). */
  tpotEwmaMs = Number.NaN;
  tpotStamp = 0;
  /** Recent failure rate in [0, 1], decaying with time once failures stop. */
  errorRate = 0;
  errorStamp = 0;
  /** EWMA of how long a failed attempt took (ms): a fast 503 wastes far less than a timeout. */
  failMsEwma = Number.NaN;
  /** Peak-sensitive EWMA of request latency (ms), Linkerd-style. */
  rttEwmaMs = Number.NaN;
  rttStamp = 0;
  /** EWMA of output tokens per successful request. */
  outputTokensEwma = Number.NaN;
  /** First-token times of this router's requests now decoding here: how far along each one is. */
  readonly decodingSince: number[] = [];
  /** Each of those requests' expected output tokens (NaN: unknown, the pod's average), index for index. */
  readonly decodingTokens: number[] = [];
  /** This router has had a first token from it: it has served before (retries prefer such endpoints). */
  answered = false;

  // Outlier detection (passive).
  consecutiveFailures = 0;
  /** Failures in the current streak where the pod did not answer (connect, timeout, reset). */
  consecutiveSilentFailures = 0;
  intervalSuccesses = 0;
  intervalFailures = 0;
  /** The previous interval's counts: with the current one, the recent success share. */
  lastIntervalSuccesses = 0;
  lastIntervalFailures = 0;
  /** Clock time until which the endpoint is ejected; 0 when not ejected. */
  ejectedUntil = 0;
  /**
   * Ejected for partial failure (a low success rate, or a streak of quick error answers from a pod that serves
   * most requests): readmitted early when the others run full. Hard failures stay out their whole time.
   */
  readmitWhenFull = false;
  timesEjected = 0;
  /** Ejections since the endpoint joined, of any kind (for metrics; timesEjected decays, this does not). */
  ejections = 0;
  ejectionEndedAt = Number.NEGATIVE_INFINITY;

  /** Position in EndpointPool.eligible / .active, or -1 (swap-remove bookkeeping). */
  eligibleIndex = -1;
  activeIndex = -1;

  /** Draining: no new picks (set by discovery, or removed from the endpoint set). */
  terminating = false;
  /** No longer in the endpoint set; dropped from the pool once in-flight reaches zero. */
  removed = false;

  // Active health checking (plus passive connect failures).
  unhealthy = false;
  healthFailStreak = 0;
  healthPassStreak = 0;

  spec: EndpointSpec;
  /** Clock time the endpoint joined (slow start). */
  addedAt: number;

  constructor(spec: EndpointSpec, now: number, slowStart: boolean) {
    this.slowStart = slowStart;
    this.id = spec.id;
    this.spec = spec;
    this.addedAt = now;
    this.terminating = spec.terminating === true;
  }

  isEjected(): boolean {
    return this.ejectedUntil !== 0;
  }

  /** Eligible for normal routing: not draining, not ejected, not failing health checks. */
  isHealthy(): boolean {
    return !this.terminating && this.ejectedUntil === 0 && !this.unhealthy;
  }
}
