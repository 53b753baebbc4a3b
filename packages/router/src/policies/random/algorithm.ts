/**
 * Random: a uniform draw from the pool (Envoy RANDOM). Stateless, so many independent gateways cannot herd,
 * but load-blind: queue lengths follow balls-into-bins, with a max load of Θ(log n / log log n) above the
 * mean, versus Θ(log log n) for two choices (Azar et al. 1994; Mitzenmacher 2001). Slow-starting endpoints
 * are accepted with probability equal to their ramp weight (a few redraws, then the last draw stands).
 */
import { sampleOne } from '../../selection/sample.ts';
import type { EndpointState } from '../../state/endpoint-state.ts';
import type { Policy, SelectionContext } from '../policy.ts';
import type { RandomConfig } from './config.ts';

const SLOW_START_REDRAWS = 4;

export class RandomPolicy implements Policy {
  readonly name = 'random' as const;

  constructor(readonly config: RandomConfig) {}

  choose(list: readonly EndpointState[], ctx: SelectionContext): EndpointState | undefined {
    let ep = sampleOne(list, ctx.random, ctx.exclude);
    for (let i = 0; i < SLOW_START_REDRAWS && ep?.slowStart; i++) {
      if (ctx.random() < ctx.slowStart.weight(ep, ctx.now)) break;
      ep = sampleOne(list, ctx.random, ctx.exclude) ?? ep;
    }
    return ep;
  }

  cost(ep: EndpointState): number {
    return ep.inFlight;
  }
}
