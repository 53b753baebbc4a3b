/**
 * Power of two choices (Mitzenmacher 2001; Envoy LEAST_REQUEST, Linkerd, Finagle): draw two distinct
 * candidates uniformly and keep the cheaper. Exponentially better max-load than random, O(1) per pick, and
 * — unlike "pick the global minimum" — robust to stale load data shared by many independent balancers,
 * because two random draws rarely all herd onto the same endpoint. Ties keep the first draw, which is itself
 * uniform, so ties need no extra randomness. Slow start divides the cost by the ramp weight.
 */

import type { Policy, SelectionContext } from '../policies/policy.ts';
import type { EndpointState } from '../state/endpoint-state.ts';
import { sampleOne } from './sample.ts';

export function scoreWithSlowStart(policy: Policy, ep: EndpointState, ctx: SelectionContext): number {
  const cost = policy.cost(ep, ctx.now);
  if (!ep.slowStart) return cost;
  return cost / ctx.slowStart.weight(ep, ctx.now);
}

export function chooseTwo(
  policy: Policy,
  list: readonly EndpointState[],
  ctx: SelectionContext,
): EndpointState | undefined {
  const first = sampleOne(list, ctx.random, ctx.exclude);
  if (first === undefined) return undefined;
  const second = sampleOne(list, ctx.random, ctx.exclude, first);
  if (second === undefined) return first;
  return scoreWithSlowStart(policy, second, ctx) < scoreWithSlowStart(policy, first, ctx) ? second : first;
}
