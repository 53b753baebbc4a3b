/**
 * Health from active checks (GET /health via reportHealth) and from passive evidence, in one state machine:
 * unhealthy after `unhealthyThreshold` consecutive failures, healthy again after `healthyThreshold`
 * consecutive passes (Envoy health checker semantics). Passive results count as checks: a connect failure is
 * as strong a signal as a failed probe (nothing is listening), and a served request is a pass. Unlike
 * ejection this is not capped; panic mode is the safety net when too many endpoints fail checks.
 */
import type { HealthConfig } from '../config.ts';
import type { EndpointPool } from './endpoint-pool.ts';
import type { EndpointState } from './endpoint-state.ts';

export class HealthTracker {
  constructor(
    private readonly config: HealthConfig,
    private readonly pool: EndpointPool,
  ) {}

  record(ep: EndpointState, passed: boolean): void {
    if (passed) {
      ep.healthFailStreak = 0;
      ep.healthPassStreak++;
      if (ep.unhealthy && ep.healthPassStreak >= this.config.healthyThreshold) {
        ep.unhealthy = false;
        this.pool.refresh(ep);
      }
    } else {
      ep.healthPassStreak = 0;
      ep.healthFailStreak++;
      if (!ep.unhealthy && ep.healthFailStreak >= this.config.unhealthyThreshold) {
        ep.unhealthy = true;
        this.pool.refresh(ep);
      }
    }
  }
}
