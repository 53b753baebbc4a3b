import { LatencyReservoir } from './latency-reservoir.ts';
import { type AgreementSummary, AgreementTally, type SegmentAgreement } from './shadow-agreement.ts';

export interface ShadowSummary {
  /** Copies sent to the candidate (sampled and under the cap). */
  mirrored: number;
  ok: number;
  /** Candidate failures (swallowed: the user never sees them). */
  errors: number;
  /** Sampled segments not mirrored because the shadow concurrency cap was reached. */
  dropped: number;
  agreement: AgreementSummary;
  /** Candidate latency on mirrored segments vs the serving model's on the same (uncached) segments. */
  latencyMs: {
    candidate: ReturnType<LatencyReservoir['summary']>;
    serving: ReturnType<LatencyReservoir['summary']>;
  };
}

/** What one gateway has observed of a rollout's shadow traffic since it started (in memory). */
export class ShadowStats {
  mirrored = 0;
  ok = 0;
  errors = 0;
  dropped = 0;
  private readonly agreement = new AgreementTally();
  private readonly candidateLatency = new LatencyReservoir();
  private readonly servingLatency = new LatencyReservoir();

  recordSuccess(agreement: SegmentAgreement, candidateMs: number, servingMs: number | null): void {
    this.ok++;
    this.agreement.add(agreement);
    this.candidateLatency.add(candidateMs);
    if (servingMs !== null) this.servingLatency.add(servingMs);
  }

  summary(): ShadowSummary {
    return {
      mirrored: this.mirrored,
      ok: this.ok,
      errors: this.errors,
      dropped: this.dropped,
      agreement: this.agreement.summary(),
      latencyMs: { candidate: this.candidateLatency.summary(), serving: this.servingLatency.summary() },
    };
  }
}
