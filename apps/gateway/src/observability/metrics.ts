import type { EndpointSnapshot, Router } from '@redline/router';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Latency buckets (seconds) around the 1 s p99 objective, fine-grained below it where the SLO is decided. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2.5, 5, 10];

/**
 * The gateway's Prometheus metrics, on a registry per gateway instance so several gateways (tests, rollouts)
 * can live in one process without colliding on the global registry.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly routers = new Map<string, Router>();

  readonly requests = new Counter({
    name: 'redline_gateway_requests_total',
    help: 'Requests by procedure (tRPC path or /v1 route) and result code.',
    labelNames: ['procedure', 'code'] as const,
    registers: [this.registry],
  });

  readonly requestDuration = new Histogram({
    name: 'redline_gateway_request_duration_seconds',
    help: 'Request latency by procedure, until the last byte of the response.',
    labelNames: ['procedure'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly segmentDuration = new Histogram({
    name: 'redline_gateway_segment_duration_seconds',
    help: 'Latency of one correct.check segment, from request start to its result.',
    labelNames: ['cached'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly upstreamOutcomes = new Counter({
    name: 'redline_gateway_upstream_outcomes_total',
    help: 'Upstream attempts by pool, endpoint and outcome (success or failure reason).',
    labelNames: ['pool', 'endpoint', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly upstreamTtft = new Histogram({
    name: 'redline_gateway_upstream_ttft_seconds',
    help: 'Time from sending an upstream request to its first output token.',
    labelNames: ['pool'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly cache = new Counter({
    name: 'redline_gateway_correction_cache_total',
    help: 'Correction cache lookups by result (hit or miss).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly retries = new Counter({
    name: 'redline_gateway_retries_total',
    help: 'Upstream retries by pool and the failure that caused them; denied = retry budget exhausted.',
    labelNames: ['pool', 'reason'] as const,
    registers: [this.registry],
  });

  readonly hedges = new Counter({
    name: 'redline_gateway_hedges_total',
    help: 'Hedged requests by pool: sent (a copy went to a second pod), won (the copy answered first), denied (hedge budget exhausted).',
    labelNames: ['pool', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly shed = new Counter({
    name: 'redline_gateway_shed_total',
    help: 'Requests rejected by load shedding (429) by pool.',
    labelNames: ['pool'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'redline_gateway_' });
    // Read live from the routers at scrape time: the router already counts per endpoint.
    const eachEndpoint = (visit: (pool: string, ep: EndpointSnapshot) => void) => {
      for (const [pool, router] of this.routers) for (const ep of router.snapshot()) visit(pool, ep);
    };
    new Gauge({
      name: 'redline_gateway_endpoint_in_flight',
      help: 'Requests in flight per endpoint, as the router counts them.',
      labelNames: ['pool', 'endpoint', 'state'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        eachEndpoint((pool, ep) => this.set({ pool, endpoint: ep.id, state: ep.state }, ep.inFlight));
      },
    });
    new Gauge({
      name: 'redline_gateway_endpoint_cost',
      help: 'Routing cost per endpoint under the pool policy (lower is preferred; redline: expected service times).',
      labelNames: ['pool', 'endpoint'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        eachEndpoint((pool, ep) => this.set({ pool, endpoint: ep.id }, ep.cost));
      },
    });
    new Counter({
      name: 'redline_gateway_endpoint_ejections_total',
      help: 'Outlier ejections per endpoint since it joined the pool (consecutive failures, success rate, failure percentage).',
      labelNames: ['pool', 'endpoint'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        eachEndpoint((pool, ep) => this.inc({ pool, endpoint: ep.id }, ep.ejections));
      },
    });
  }

  /** Expose a pool's router on /metrics (in-flight and routing cost per endpoint). */
  trackRouter(pool: string, router: Router): void {
    this.routers.set(pool, router);
  }

  untrackRouter(pool: string): void {
    this.routers.delete(pool);
  }
}
