import type { KubeObject } from './store.ts';

/** An EndpointSlice as the EndpointSlice controller writes it, for tests. */
export function endpointSlice(
  name: string,
  service: string,
  addresses: { ip: string; ready?: boolean; serving?: boolean; terminating?: boolean }[],
  options: { namespace?: string; port?: number; portName?: string } = {},
): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      labels: { 'kubernetes.io/service-name': service, 'endpointslice.kubernetes.io/managed-by': 'test' },
    },
    addressType: 'IPv4',
    endpoints: addresses.map((a) => ({
      addresses: [a.ip],
      conditions: {
        ...(a.ready !== undefined ? { ready: a.ready } : {}),
        ...(a.serving !== undefined ? { serving: a.serving } : {}),
        ...(a.terminating !== undefined ? { terminating: a.terminating } : {}),
      },
    })),
    ports: [{ name: options.portName ?? 'http', port: options.port ?? 8000, protocol: 'TCP' }],
  };
}

export function deployment(name: string, replicas: number, namespace = 'default'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name, image: `${name}:test` }] },
      },
    },
    status: { replicas },
  };
}
