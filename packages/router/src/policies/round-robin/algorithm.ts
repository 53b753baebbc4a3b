/**
 * Round-robin: each pick takes the next endpoint of the pool in turn (Envoy ROUND_ROBIN without weights).
 * Ignores load entirely, which is why it degrades badly when one pod is slow: the slow pod keeps receiving
 * 1/N of the traffic and builds a queue (the baseline fleet-sim compares the load-aware policies against).
 * The cursor walks the pool array; membership changes (swap-remove) shift positions but keep the walk fair on
 * average. Slow-starting endpoints skip their turn with probability 1 − weight; excluded ids are skipped.
 */
import type { EndpointState } from '../../state/endpoint-state.ts';
import type { Policy, SelectionContext } from '../policy.ts';
import type { RoundRobinConfig } from './config.ts';

export class RoundRobinPolicy implements Policy {
  readonly name = 'round-robin' as const;
  private cursor = 0;

  constructor(readonly config: RoundRobinConfig) {}

  choose(list: readonly EndpointState[], ctx: SelectionContext): EndpointState | undefined {
    const n = list.length;
    let fallback: EndpointState | undefined;
    for (let tries = 0; tries < n; tries++) {
      if (this.cursor >= n) this.cursor = 0;
      const ep = list[this.cursor++]!;
      if (ctx.exclude !== undefined && ctx.exclude.size > 0 && ctx.exclude.has(ep.id)) continue;
      if (ep.slowStart && ctx.random() >= ctx.slowStart.weight(ep, ctx.now)) {
        fallback ??= ep;
        continue;
      }
      return ep;
    }
    return fallback;
  }

  cost(ep: EndpointState): number {
    return ep.inFlight;
  }
}
