import {
  type AppsV1Api,
  type AutoscalingV2Api,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';

/** The Deployment the controller scales, through its /scale subresource (what HPA and KEDA use too). */
export class DeploymentScaleTarget {
  constructor(
    private readonly apps: AppsV1Api,
    readonly namespace: string,
    readonly deployment: string,
  ) {}

  async getReplicas(): Promise<number> {
    const scale = await this.apps.readNamespacedDeploymentScale({
      name: this.deployment,
      namespace: this.namespace,
    });
    return scale.spec?.replicas ?? 0;
  }

  /** Merge patch of spec.replicas only, so concurrent edits of anything else are never overwritten. */
  async setReplicas(replicas: number): Promise<number> {
    const scale = await this.apps.patchNamespacedDeploymentScale(
      { name: this.deployment, namespace: this.namespace, body: { spec: { replicas } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    return scale.spec?.replicas ?? replicas;
  }
}

/**
 * Two autoscalers on one Deployment fight (each undoes the other's scaling), so the controller refuses to act
 * while an autoscaling/v2 HorizontalPodAutoscaler targets the same Deployment.
 */
export class HpaGuard {
  constructor(
    private readonly autoscaling: AutoscalingV2Api,
    private readonly namespace: string,
    private readonly deployment: string,
  ) {}

  /** Names of HPAs targeting the Deployment (empty when none). */
  async conflictingHpas(): Promise<string[]> {
    const list = await this.autoscaling.listNamespacedHorizontalPodAutoscaler({ namespace: this.namespace });
    return list.items
      .filter((hpa) => {
        const ref = hpa.spec?.scaleTargetRef;
        const group = (ref?.apiVersion ?? 'apps/v1').split('/')[0];
        return (
          ref?.kind === 'Deployment' &&
          ref.name === this.deployment &&
          (group === 'apps' || group === 'extensions')
        );
      })
      .map((hpa) => hpa.metadata?.name ?? '')
      .sort();
  }
}
