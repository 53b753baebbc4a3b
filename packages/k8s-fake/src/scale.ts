import type { KubeObject } from './store.ts';

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** The autoscaling/v1 Scale view of a Deployment, as GET .../deployments/<name>/scale returns it. */
export function scaleOf(deployment: KubeObject): KubeObject {
  const spec = record(deployment.spec);
  const status = record(deployment.status);
  const matchLabels = record(record(spec.selector).matchLabels);
  const selector = Object.entries(matchLabels)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',');
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: deployment.metadata?.name,
      namespace: deployment.metadata?.namespace,
      uid: deployment.metadata?.uid,
      resourceVersion: deployment.metadata?.resourceVersion,
      creationTimestamp: deployment.metadata?.creationTimestamp,
    },
    spec: { replicas: typeof spec.replicas === 'number' ? spec.replicas : 1 },
    status: { replicas: typeof status.replicas === 'number' ? status.replicas : 0, selector },
  };
}

/** Writes a Scale's spec.replicas back into the Deployment; the caller commits it. */
export function withReplicas(deployment: KubeObject, replicas: unknown): KubeObject {
  return { ...deployment, spec: { ...record(deployment.spec), replicas } };
}
