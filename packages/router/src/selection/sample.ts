/**
 * Uniform sampling from a pool while skipping excluded ids (endpoints a retry already tried) and the
 * candidates already drawn for this pick (so k draws are k distinct endpoints). Rejection sampling keeps it
 * O(1) when exclusions are a small share of the pool; when they are not, a bounded scan gives an exact answer
 * (and never returns an excluded id while another candidate exists).
 */
import type { EndpointState } from '../state/endpoint-state.ts';
import type { RandomSource } from '../types.ts';

const REJECTION_ATTEMPTS = 6;

type Avoid = EndpointState | readonly EndpointState[] | undefined;

function allowed(ep: EndpointState, exclude: ReadonlySet<string> | undefined, avoid: Avoid) {
  if (avoid !== undefined && (avoid === ep || (Array.isArray(avoid) && avoid.includes(ep)))) return false;
  return exclude === undefined || exclude.size === 0 || !exclude.has(ep.id);
}

export function sampleOne(
  list: readonly EndpointState[],
  random: RandomSource,
  exclude: ReadonlySet<string> | undefined,
  avoid?: Avoid,
): EndpointState | undefined {
  const n = list.length;
  if (n === 0) return undefined;
  // A retry (something is excluded) draws among endpoints known to have answered while the rejection attempts
  // last: at a cold start every unknown pod looks empty, and the ones failing every request at once look
  // emptiest, so a retry would otherwise land on another of them (fleet-sim README, *Failing pods*).
  const retry = exclude !== undefined && exclude.size > 0;
  for (let attempt = 0; attempt < REJECTION_ATTEMPTS; attempt++) {
    const ep = list[Math.floor(random() * n)]!;
    if (allowed(ep, exclude, avoid) && (!retry || ep.answered)) return ep;
  }
  let count = 0;
  for (let i = 0; i < n; i++) if (allowed(list[i]!, exclude, avoid)) count++;
  if (count === 0) return undefined;
  let k = Math.floor(random() * count);
  for (let i = 0; i < n; i++) {
    const ep = list[i]!;
    if (allowed(ep, exclude, avoid) && k-- === 0) return ep;
  }
  return undefined;
}
