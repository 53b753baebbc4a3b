import { KubeConfig } from '@kubernetes/client-node';

/**
 * A KubeConfig for the real client library that points at `server` with a static bearer token
 * (client-node refuses plain http unless skipTLSVerify is set, so it is),
 * the same shape an in-cluster or kubectl config has, so code under test needs no test-only paths.
 */
export function kubeConfigFor(server: string, namespace = 'default'): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'k8s-fake', server, skipTLSVerify: true }],
    users: [{ name: 'k8s-fake', token: 'k8s-fake-token' }],
    contexts: [{ name: 'k8s-fake', cluster: 'k8s-fake', user: 'k8s-fake', namespace }],
    currentContext: 'k8s-fake',
  });
  return kubeConfig;
}
