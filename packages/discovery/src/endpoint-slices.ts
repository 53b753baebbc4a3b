import type { V1EndpointSlice } from '@kubernetes/client-node';
import type { EndpointSpec } from './types.ts';

/**
 * How an address should be treated, from its EndpointSlice conditions (discovery.k8s.io/v1 semantics):
 * - ready:        ready (nil counts as ready) and not terminating → gets new requests
 * - terminating:  terminating but still serving → finishes in-flight work, no new requests
 * - not-ready:    not ready and not terminating (starting up or failing its readiness probe) → excluded
 * - gone:         terminating and not serving → excluded
 */
export type AddressState = 'ready' | 'terminating' | 'not-ready' | 'gone';

export interface SliceAddress {
  /** "10.0.3.7:8000" or "[fd00::7]:8000". */
  id: string;
  url: string;
  state: AddressState;
  /** targetRef.name when the slice names a Pod. */
  podName?: string;
  nodeName?: string;
  zone?: string;
}

export interface SliceSelection {
  /** The port's name in the Service (EndpointSlice ports[].name); unnamed ports are "". When omitted, a
   * slice with exactly one port uses it. */
  portName?: string;
  scheme?: 'http' | 'https';
}

const RANK: Record<AddressState, number> = { ready: 3, terminating: 2, 'not-ready': 1, gone: 0 };

export function stateOf(
  conditions: { ready?: boolean; serving?: boolean; terminating?: boolean } | undefined,
): AddressState {
  const terminating = conditions?.terminating === true;
  const ready = conditions?.ready ?? true;
  const serving = conditions?.serving ?? ready;
  if (terminating) return serving ? 'terminating' : 'gone';
  return ready ? 'ready' : 'not-ready';
}

function portOf(slice: V1EndpointSlice, portName: string | undefined): number | undefined {
  const ports = slice.ports ?? [];
  const port =
    portName === undefined
      ? ports.length === 1
        ? ports[0]
        : undefined
      : ports.find((p) => (p.name ?? '') === portName);
  return typeof port?.port === 'number' ? port.port : undefined;
}

/**
 * Flattens slices into one address per id. An address listed in several slices (transiently, while the
 * EndpointSlice controller moves it) keeps its most-ready view so a move never hides a ready endpoint.
 */
export function addressesFromSlices(
  slices: readonly V1EndpointSlice[],
  selection: SliceSelection = {},
): SliceAddress[] {
  const scheme = selection.scheme ?? 'http';
  const byId = new Map<string, SliceAddress>();
  for (const slice of slices) {
    const port = portOf(slice, selection.portName);
    if (port === undefined) continue;
    const ipv6 = slice.addressType === 'IPv6';
    for (const endpoint of slice.endpoints ?? []) {
      // Addresses within one endpoint are fungible; consumers may use only the first (per the API docs).
      const address = endpoint.addresses?.[0];
      if (!address) continue;
      const host = ipv6 ? `[${address}]` : address;
      const candidate: SliceAddress = {
        id: `${host}:${port}`,
        url: `${scheme}://${host}:${port}`,
        state: stateOf(endpoint.conditions),
        ...(endpoint.targetRef?.kind === 'Pod' && endpoint.targetRef.name
          ? { podName: endpoint.targetRef.name }
          : {}),
        ...(endpoint.nodeName ? { nodeName: endpoint.nodeName } : {}),
        ...(endpoint.zone ? { zone: endpoint.zone } : {}),
      };
      const known = byId.get(candidate.id);
      if (!known || RANK[candidate.state] > RANK[known.state]) byId.set(candidate.id, candidate);
    }
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The routable view: ready endpoints, plus serving-but-terminating ones flagged `terminating: true`. */
export function endpointsFromSlices(
  slices: readonly V1EndpointSlice[],
  selection: SliceSelection = {},
): EndpointSpec[] {
  return addressesFromSlices(slices, selection)
    .filter((a) => a.state === 'ready' || a.state === 'terminating')
    .map((a) =>
      a.state === 'terminating' ? { id: a.id, url: a.url, terminating: true } : { id: a.id, url: a.url },
    );
}

/** Pod counts for an autoscaler: ready, starting (not ready, not terminating) and draining. */
export function countAddresses(addresses: readonly SliceAddress[]): {
  ready: number;
  notReady: number;
  terminating: number;
} {
  let ready = 0;
  let notReady = 0;
  let terminating = 0;
  for (const a of addresses) {
    if (a.state === 'ready') ready++;
    else if (a.state === 'not-ready') notReady++;
    else if (a.state === 'terminating') terminating++;
  }
  return { ready, notReady, terminating };
}
