import type { V1EndpointSlice } from '@kubernetes/client-node';
import { stateOf } from '@redline/discovery';

export interface PodCounts {
  /** Ready, not terminating: serving traffic. */
  ready: number;
  /** Not ready and not terminating: scheduled or loading, not yet serving. */
  starting: number;
  /** Terminating (draining or gone). */
  terminating: number;
}

const RANK = { ready: 3, terminating: 2, 'not-ready': 1, gone: 0 } as const;

/**
 * Counts the model Service's pods from its EndpointSlices. Pods are keyed by address (port-independent), and an
 * address in several slices counts once with its most-ready view, like the discovery source does.
 */
export function podCountsFromSlices(slices: readonly V1EndpointSlice[]): PodCounts {
  const states = new Map<string, keyof typeof RANK>();
  for (const slice of slices) {
    for (const endpoint of slice.endpoints ?? []) {
      const address = endpoint.addresses?.[0];
      if (!address) continue;
      const state = stateOf(endpoint.conditions);
      const known = states.get(address);
      if (known === undefined || RANK[state] > RANK[known]) states.set(address, state);
    }
  }
  const counts: PodCounts = { ready: 0, starting: 0, terminating: 0 };
  for (const state of states.values()) {
    if (state === 'ready') counts.ready++;
    else if (state === 'not-ready') counts.starting++;
    else counts.terminating++;
  }
  return counts;
}
