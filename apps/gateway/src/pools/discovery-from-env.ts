import { KubeConfig } from '@kubernetes/client-node';
import { dnsSource, endpointSliceSource, staticSource } from '@redline/discovery';
import type { Logger } from 'pino';
import type { GatewayEnv } from '../env.ts';
import type { EndpointSource } from './endpoint-source.ts';

export interface DiscoveredSource extends EndpointSource {
  close(): Promise<void>;
}

/**
 * The default pool's endpoint source as configured: a static list, a headless Service re-resolved through DNS,
 * or the Service's EndpointSlices watched through the Kubernetes API (in-cluster credentials or KUBECONFIG).
 * Kubernetes discovery waits for the first list so the gateway never starts ready with an empty pool by mistake.
 */
export async function discoveryFromEnv(env: GatewayEnv, logger: Logger): Promise<DiscoveredSource> {
  switch (env.REDLINE_DISCOVERY) {
    case 'static':
      return staticSource(env.REDLINE_ENDPOINTS);
    case 'dns':
      return dnsSource({
        hostname: env.REDLINE_DNS_NAME!,
        port: env.REDLINE_DNS_PORT,
        intervalMs: env.REDLINE_DNS_INTERVAL_MS,
        onError: (err) => logger.warn({ err }, 'DNS discovery failed; keeping the last endpoint set'),
      });
    case 'kubernetes': {
      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromDefault();
      const source = endpointSliceSource({
        kubeConfig,
        namespace: env.REDLINE_K8S_NAMESPACE,
        service: env.REDLINE_K8S_SERVICE!,
        ...(env.REDLINE_K8S_PORT_NAME ? { portName: env.REDLINE_K8S_PORT_NAME } : {}),
        onError: (err) => logger.warn({ err }, 'EndpointSlice watch failed; keeping the last endpoint set'),
      });
      await source.synced();
      return source;
    }
  }
}
