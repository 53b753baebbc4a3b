import type { EndpointSpec, Router } from '@redline/router';
import type { EndpointSource } from './endpoint-source.ts';
import type { HealthChecker } from './health-checker.ts';

/**
 * A set of pods serving one model: its router (P2C over the pods), where its endpoints come from, and the
 * active health checks feeding that router. The default pool serves correct.check; the /v1 front door picks a
 * pool by the request's `model`. Rollouts (shadow/canary) compose pools; they live in src/rollouts/.
 */
export interface ModelPool {
  /** Model name as clients send it in `model` and as the pods serve it. */
  readonly model: string;
  readonly router: Router;
  /** The current endpoint set, as last delivered by the source. */
  endpoints(): readonly EndpointSpec[];
  /** True when at least one endpoint passed its last health check and the router considers it healthy. */
  isReady(): boolean;
  close(): void;
}

export interface ModelPoolOptions {
  model: string;
  router: Router;
  source: EndpointSource;
  healthChecker: HealthChecker;
}

export function createModelPool(options: ModelPoolOptions): ModelPool {
  const { model, router, source, healthChecker } = options;
  let current: readonly EndpointSpec[] = [];
  const unsubscribe = source.subscribe((endpoints) => {
    current = endpoints;
    router.setEndpoints(endpoints);
    healthChecker.setEndpoints(endpoints.filter((e) => !e.terminating));
  });
  return {
    model,
    router,
    endpoints: () => current,
    isReady: () => healthChecker.healthyCount() > 0 && router.snapshot().some((e) => e.state === 'healthy'),
    close() {
      unsubscribe();
      healthChecker.stop();
    },
  };
}

/** The pools a gateway serves, by model name, with the one correct.check uses. */
export class PoolRegistry {
  private readonly byModel = new Map<string, ModelPool>();

  constructor(
    readonly defaultPool: ModelPool,
    others: readonly ModelPool[] = [],
  ) {
    for (const pool of [defaultPool, ...others]) this.byModel.set(pool.model, pool);
  }

  get(model: string): ModelPool | undefined {
    return this.byModel.get(model);
  }

  all(): ModelPool[] {
    return [...this.byModel.values()];
  }
}
