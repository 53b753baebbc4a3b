/**
 * Envoy slow start (cluster slow_start_config): an endpoint added after the initial set gets a weight
 * that ramps from min_weight to 1 over the window: max(minWeight, (t / window)^(1 / aggression)).
 * Policies turn the weight into traffic share (P2C divides the cost by it; random and round-robin thin
 * the endpoint's turns with probability 1 − weight).
 */
import type { SlowStartConfig } from '../config.ts';
import type { EndpointState } from './endpoint-state.ts';

export class SlowStart {
  constructor(private readonly config: SlowStartConfig) {}

  get enabled(): boolean {
    return this.config.windowMs > 0;
  }

  weight(ep: EndpointState, now: number): number {
    if (!ep.slowStart) return 1;
    const elapsed = now - ep.addedAt;
    if (elapsed >= this.config.windowMs) {
      ep.slowStart = false;
      return 1;
    }
    const ramp = elapsed <= 0 ? 0 : (elapsed / this.config.windowMs) ** (1 / this.config.aggression);
    return Math.max(ramp, this.config.minWeight);
  }
}
