/** The resource kinds the fake serves, keyed by their plural (unique across the groups we serve). */
export interface ResourceType {
  plural: string;
  /** '' for the core group. */
  group: string;
  version: string;
  kind: string;
  namespaced: boolean;
}

export const RESOURCE_TYPES: readonly ResourceType[] = [
  {
    plural: 'endpointslices',
    group: 'discovery.k8s.io',
    version: 'v1',
    kind: 'EndpointSlice',
    namespaced: true,
  },
  { plural: 'leases', group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', namespaced: true },
  { plural: 'deployments', group: 'apps', version: 'v1', kind: 'Deployment', namespaced: true },
  {
    plural: 'horizontalpodautoscalers',
    group: 'autoscaling',
    version: 'v2',
    kind: 'HorizontalPodAutoscaler',
    namespaced: true,
  },
  { plural: 'pods', group: '', version: 'v1', kind: 'Pod', namespaced: true },
  { plural: 'services', group: '', version: 'v1', kind: 'Service', namespaced: true },
];

export type ResourcePlural = string;

export function apiVersionOf(type: ResourceType): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

export function resourceByPlural(plural: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((t) => t.plural === plural);
}

export function resourceByKind(apiVersion: string, kind: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((t) => apiVersionOf(t) === apiVersion && t.kind === kind);
}

/** "leases.coordination.k8s.io" as the API server names a resource in its messages. */
export function qualifiedName(type: ResourceType): string {
  return type.group === '' ? type.plural : `${type.plural}.${type.group}`;
}

export interface ParsedPath {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/**
 * Parses /api/v1/... and /apis/<group>/<version>/... paths, namespaced or cluster-wide:
 *   /apis/g/v/namespaces/ns/plural[/name[/sub]]  and  /apis/g/v/plural (list across namespaces).
 */
export function parseResourcePath(pathname: string): ParsedPath | undefined {
  const parts = pathname.split('/').filter((p) => p.length > 0);
  let group: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) {
    group = '';
    rest = parts.slice(1);
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    group = parts[1] ?? '';
    rest = parts.slice(2);
  } else {
    return undefined;
  }
  const version = rest[0];
  let tail = rest.slice(1);
  let namespace: string | undefined;
  if (tail[0] === 'namespaces' && tail.length >= 3) {
    namespace = decodeURIComponent(tail[1] ?? '');
    tail = tail.slice(2);
  }
  const [plural, name, subresource, ...extra] = tail;
  if (plural === undefined || extra.length > 0) return undefined;
  const type = RESOURCE_TYPES.find((t) => t.group === group && t.version === version && t.plural === plural);
  if (!type) return undefined;
  if (!type.namespaced && namespace !== undefined) return undefined;
  return {
    type,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name: decodeURIComponent(name) } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
  };
}
