import type { Clock } from '@redline/router';
import { type CanarySlo, evaluateCanarySlo, type SloVerdict } from './canary-slo.ts';
import { CanaryWindow } from './canary-window.ts';
import { LatencyReservoir } from './latency-reservoir.ts';

export interface CanarySummary {
  /** Totals since this gateway saw the canary start. */
  ok: number;
  errors: number;
  latencyMs: ReturnType<LatencyReservoir['summary']>;
  /** The auto-rollback rule applied to the current window. */
  window: SloVerdict;
  slo: CanarySlo;
}

/** One rollout's canary as seen by this gateway: the SLO window plus totals and recent latencies. */
export class CanaryMonitor {
  private readonly window: CanaryWindow;
  private readonly latency = new LatencyReservoir();
  private ok = 0;
  private errors = 0;

  constructor(
    private readonly slo: CanarySlo,
    clock: Clock,
  ) {
    this.window = new CanaryWindow({ windowMs: slo.windowMs, slowAboveMs: slo.maxP99Ms, clock });
  }

  /** Record one canary request and return the rule's verdict on the window now. */
  record(outcome: { ok: boolean; latencyMs: number }): SloVerdict {
    this.window.record(outcome);
    this.latency.add(outcome.latencyMs);
    if (outcome.ok) this.ok++;
    else this.errors++;
    return this.verdict();
  }

  verdict(): SloVerdict {
    return evaluateCanarySlo(this.window.counts(), this.slo);
  }

  summary(): CanarySummary {
    return {
      ok: this.ok,
      errors: this.errors,
      latencyMs: this.latency.summary(),
      window: this.verdict(),
      slo: this.slo,
    };
  }
}
