/**
 * Router-wide aggregates used as priors for endpoints that have no samples yet, and the peer factor: how many
 * requests a pod holds per request of ours, learned from load reports. With G independent gateways, a pod's
 * reported load is ≈ G × our in-flight on it; scaling local in-flight by this factor keeps stale or missing
 * reports comparable to fresh ones, so a new pod with no report does not look G times emptier than it is.
 */
const ALPHA = 0.02;

export class FleetSignals {
  tpotPriorMs = Number.NaN;
  outputTokensPrior = Number.NaN;
  private reportedLoadAvg = 0;
  private localInFlightAvg = 0;
  private reports = 0;
  /** Pod load per request of ours (≥ 1); 1 until reports arrive. Cached: read twice per pick. */
  peerFactor = 1;

  observeReport(reportedLoad: number, localInFlight: number): void {
    const a = this.reports < 1 / ALPHA ? 1 / (this.reports + 1) : ALPHA;
    this.reports++;
    this.reportedLoadAvg += a * (reportedLoad - this.reportedLoadAvg);
    this.localInFlightAvg += a * (localInFlight - this.localInFlightAvg);
    const f = this.localInFlightAvg > 0 ? this.reportedLoadAvg / this.localInFlightAvg : 1;
    this.peerFactor = Math.max(f, 1);
  }

  /**
   * Largest batch any pod reported running. Pods of one Deployment share their vLLM flags and GPU, so a pod
   * that has not been busy yet is assumed to have its peers' limit rather than the small batch it showed.
   */
  batchPrior = 0;

  /** batchSlotsHint: the operator's batch limit (vLLM --max-num-seqs), 0 to rely on reports alone. */
  constructor(private readonly batchSlotsHint = 0) {}

  observeBatch(running: number): void {
    if (running > this.batchPrior) this.batchPrior = running;
  }

  /**
   * The batch limit to assume for a pod: the operator's, or the largest it or any peer ran; 1 when nothing is
   * known. The one place routing cost, shedding and ejection get it from.
   */
  slotsOf(maxRunningSeen = 0): number {
    return Math.max(this.batchSlotsHint, this.batchPrior, maxRunningSeen, 1);
  }

  observeTpot(sampleMs: number): void {
    this.tpotPriorMs = Number.isNaN(this.tpotPriorMs)
      ? sampleMs
      : this.tpotPriorMs + ALPHA * (sampleMs - this.tpotPriorMs);
  }

  observeOutputTokens(tokens: number): void {
    this.outputTokensPrior = Number.isNaN(this.outputTokensPrior)
      ? tokens
      : this.outputTokensPrior + ALPHA * (tokens - this.outputTokensPrior);
  }
}
