import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Decider } from '../deciders/types.ts';
import type { FetchFn } from './concurrency-readers.ts';

/** Plain settings (from flags/env), validated; the CLI parses into this. */
export const controllerConfigSchema = z
  .object({
    namespace: z.string().min(1),
    /** Deployment to scale (through its /scale subresource). */
    deployment: z.string().min(1),
    /** Service in front of the model pods; its EndpointSlices give ready vs starting pods. */
    modelService: z.string().min(1),
    minReplicas: z.number().int().min(0).default(1),
    maxReplicas: z.number().int().min(1),
    tickMs: z.number().int().positive().default(2000),
    stableWindowMs: z.number().int().positive().default(60_000),
    panicWindowMs: z.number().int().positive().default(6_000),
    hpaCheckIntervalMs: z.number().int().positive().default(30_000),
    dryRun: z.boolean().default(false),
    metricsSource: z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('gateways'),
        /** Service in front of the gateway replicas (same namespace unless given). */
        gatewayService: z.string().min(1),
        gatewayNamespace: z.string().min(1).optional(),
        /** Name of the gateway Service port that serves /metrics. */
        gatewayPortName: z.string().optional(),
        metricsPath: z.string().startsWith('/').default('/metrics'),
        scheme: z.enum(['http', 'https']).default('http'),
      }),
      z.object({
        kind: z.literal('prometheus'),
        url: z.url(),
        query: z.string().min(1).optional(),
      }),
    ]),
    /** Gauge with an `endpoint` label holding in-flight requests per model pod (the gateway's, by default). */
    metricName: z.string().min(1).default('redline_gateway_endpoint_in_flight'),
    /** Label filter, e.g. { pool: 'default' }: only that pool's series are this Deployment's load. */
    metricLabels: z.record(z.string(), z.string()).default({}),
    scrapeTimeoutMs: z.number().int().positive().default(1000),
    lease: z
      .object({
        name: z.string().min(1).optional(),
        durationSeconds: z.number().int().positive().default(15),
        renewDeadlineMs: z.number().int().positive().default(10_000),
        retryPeriodMs: z.number().int().positive().default(2_000),
        identity: z.string().min(1).optional(),
      })
      .prefault({}),
    /** Port of the controller's own /metrics; 0 picks a free port; null disables. */
    metricsPort: z.number().int().min(0).max(65535).nullable().default(9090),
    metricsHost: z.string().default('0.0.0.0'),
  })
  .refine((c) => c.minReplicas <= c.maxReplicas, { message: 'minReplicas must be <= maxReplicas' })
  .refine((c) => c.panicWindowMs <= c.stableWindowMs, { message: 'panicWindowMs must be <= stableWindowMs' })
  .refine((c) => c.lease.renewDeadlineMs < c.lease.durationSeconds * 1000, {
    message: 'lease.renewDeadlineMs must be shorter than lease.durationSeconds',
  });

export type ControllerConfigInput = z.input<typeof controllerConfigSchema>;
export type ControllerConfig = z.output<typeof controllerConfigSchema>;

/** Everything runController needs: the config plus the objects that cannot come from flags. */
export type ControllerOptions = ControllerConfigInput & {
  decider: Decider;
  /** Default: KubeConfig.loadFromDefault() (in-cluster service account, or ~/.kube/config). */
  kubeConfig?: KubeConfig;
  logger?: Logger;
  /** Wall clock in ms; injected by tests. */
  clock?: { now(): number };
  fetch?: FetchFn;
};
