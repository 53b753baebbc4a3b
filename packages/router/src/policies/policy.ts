/**
 * The internal interface every policy implements. The router does the filtering (health, ejection, panic,
 * draining) and hands the policy the pool to choose from; the policy only decides among candidates.
 */
import type { EndpointState } from '../state/endpoint-state.ts';
import type { SlowStart } from '../state/slow-start.ts';
import type { PolicyName, RandomSource } from '../types.ts';

export interface SelectionContext {
  now: number;
  random: RandomSource;
  exclude: ReadonlySet<string> | undefined;
  slowStart: SlowStart;
}

export interface Policy {
  readonly name: PolicyName;
  /** Choose from list (never an excluded id unless nothing else is there; undefined when list is empty). */
  choose(list: readonly EndpointState[], ctx: SelectionContext): EndpointState | undefined;
  /** Routing cost, lower is better; P2C compares it and snapshot() reports it. */
  cost(ep: EndpointState, now: number): number;
}
