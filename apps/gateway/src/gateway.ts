import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '@redline/db';
import type { Clock, PolicyName, RandomSource, Router, RouterTuning } from '@redline/router';
import { createRouter } from '@redline/router';
import type { Logger } from 'pino';
import { Agent } from 'undici';
import { KeyVerifier } from './auth/key-verifier.ts';
import { CorrectionCache, type CorrectionCacheOptions } from './correction/correction-cache.ts';
import { CorrectionService } from './correction/correction-service.ts';
import { createRequestListener, type ListenerState } from './http/request-listener.ts';
import { createLogger, type LogLevel } from './observability/logger.ts';
import { GatewayMetrics } from './observability/metrics.ts';
import { type EndpointSource, staticEndpointSource } from './pools/endpoint-source.ts';
import { HealthChecker, type HealthCheckerOptions } from './pools/health-checker.ts';
import { createModelPool, type ModelPool, PoolRegistry } from './pools/model-pool.ts';
import { registeredPoolOptions } from './rollouts/registered-pools.ts';
import { RolloutService } from './rollouts/rollout-service.ts';
import type { RolloutOptions } from './rollouts/rollout-settings.ts';
import type { GatewayServices } from './services.ts';
import type { RetryPolicy } from './upstream/call-with-retries.ts';
import { Hedging, type HedgingOptions } from './upstream/hedging.ts';
import { createUsageRecorder, openGatewayDatabase } from './usage/usage-recorder.ts';

export interface PoolOptions {
  /** Model name, as clients send it and the pods serve it. */
  model: string;
  /** Where endpoints come from; alternatively `endpoints` (static URLs). */
  endpointSource?: EndpointSource;
  endpoints?: readonly string[];
  /** Routing policy. Default: the gateway's `policy`. */
  policy?: PolicyName;
}

export interface StartGatewayOptions {
  /** Default 0 (ephemeral) — the CLI passes PORT (8787). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Model served by correct.check and listed first on /v1/models. Default 'redline/harper-gec' (pod-sim's model). */
  model?: string;
  /** Static endpoint URLs of the default pool (REDLINE_ENDPOINTS). */
  endpoints?: readonly string[];
  /** Discovery seam: overrides `endpoints` for the default pool. */
  endpointSource?: EndpointSource;
  /** More model pools, reachable through /v1 by `model`. Models registered in the DB get pools too. */
  extraPools?: readonly PoolOptions[];
  /** Shadow sampling, canary SLO and steps of model rollouts (src/rollouts). */
  rollouts?: RolloutOptions;
  /** Routing policy. Default 'redline'. */
  policy?: PolicyName;
  /** Router tuning (outlier ejection, retry budget, shedding, ...), passed to @redline/router. */
  routerTuning?: RouterTuning;
  /** Enables keys.* (admin procedures). Unset: key management is disabled. */
  adminToken?: string;
  /** Use this database (not closed by the gateway). Otherwise one is opened from databaseUrl/dataDir. */
  db?: Database;
  /** PostgreSQL URL; otherwise PGlite in `dataDir`, or in memory when neither is set. */
  databaseUrl?: string;
  dataDir?: string;
  /** Deadline of each upstream call (each correct.check segment). Default 5000 ms. */
  deadlineMs?: number;
  retryPolicy?: RetryPolicy;
  /** Hedged requests per class (correct.check, /v1). Default: check after 300 ms, /v1 off. */
  hedging?: HedgingOptions;
  healthCheck?: Pick<HealthCheckerOptions, 'intervalMs' | 'jitter' | 'timeoutMs'>;
  cache?: CorrectionCacheOptions;
  /** How long a verified API key is trusted without asking the DB. Default 30 s. */
  keyCacheTtlMs?: number;
  /** Usage aggregation period. Default 5000 ms. */
  usageFlushEveryMs?: number;
  /** How long close() lets in-flight requests finish. Default 10 s. */
  shutdownGraceMs?: number;
  /** Upstream keep-alive connections per pod. Default 128. */
  connectionsPerEndpoint?: number;
  logger?: Logger;
  /** Used when `logger` is not given. Default 'info'. */
  logLevel?: LogLevel;
  clock?: Clock;
  random?: RandomSource;
}

export interface Gateway {
  /** e.g. http://127.0.0.1:8787 */
  url: string;
  port: number;
  db: Database;
  pools: PoolRegistry;
  metrics: GatewayMetrics;
  services: GatewayServices;
  /** Stop accepting, let in-flight requests finish within the grace period, release everything. */
  close(): Promise<void>;
}

const monotonicClock: Clock = { now: () => performance.now() };

export async function startGateway(options: StartGatewayOptions = {}): Promise<Gateway> {
  const logger = options.logger ?? createLogger(options.logLevel ?? 'info');
  const clock = options.clock ?? monotonicClock;
  const random = options.random ?? Math.random;
  const policy = options.policy ?? 'redline';
  const metrics = new GatewayMetrics();
  // One dispatcher for all upstream traffic: keep-alive pools per origin, reused across requests.
  const dispatcher = new Agent({
    connections: options.connectionsPerEndpoint ?? 128,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 120_000,
    headersTimeout: 0,
    bodyTimeout: 0,
  });

  const ownsDb = !options.db;
  const db = options.db ?? (await openGatewayDatabase(options));

  const makePool = (spec: PoolOptions): ModelPool => {
    const router: Router = createRouter({
      ...options.routerTuning,
      policy: spec.policy ?? policy,
      clock,
      random,
    });
    const healthChecker = new HealthChecker({
      ...options.healthCheck,
      dispatcher,
      random,
      logger,
      onResult: (id, healthy) => router.reportHealth(id, healthy),
    });
    const source = spec.endpointSource ?? staticEndpointSource(spec.endpoints ?? []);
    metrics.trackRouter(spec.model, router);
    return createModelPool({ model: spec.model, router, source, healthChecker });
  };

  const defaultPool = makePool({
    model: options.model ?? 'redline/harper-gec',
    endpoints: options.endpoints,
    endpointSource: options.endpointSource,
  });
  const configured = [defaultPool.model, ...(options.extraPools ?? []).map((p) => p.model)];
  const registered = await registeredPoolOptions(db, configured);
  const pools = new PoolRegistry(defaultPool, [...(options.extraPools ?? []), ...registered].map(makePool));
  const usage = createUsageRecorder(db, { logger, flushEveryMs: options.usageFlushEveryMs });
  const hedging = new Hedging(options.hedging);
  const corrections = new CorrectionService({
    pool: defaultPool,
    dispatcher,
    cache: new CorrectionCache(options.cache),
    metrics,
    clock,
    random,
    logger,
    retryPolicy: options.retryPolicy,
    hedging,
  });
  const rollouts = new RolloutService({
    db,
    pools,
    correct: (input) => corrections.correctSegment(input),
    registry: metrics.registry,
    clock,
    random,
    logger,
    settings: options.rollouts,
  });
  const services: GatewayServices = {
    db,
    pools,
    corrections,
    rollouts,
    keyVerifier: new KeyVerifier({ store: db.apiKeys, ttlMs: options.keyCacheTtlMs }),
    usage,
    metrics,
    logger,
    dispatcher,
    clock,
    random,
    deadlineMs: options.deadlineMs ?? 5000,
    retryPolicy: options.retryPolicy,
    hedging,
    adminToken: options.adminToken,
    startedAtSeconds: Math.floor(Date.now() / 1000),
  };

  const state: ListenerState = { closing: false };
  const server = createServer(createRequestListener(services, state));
  // Time allowed to *receive* a request (headers and body; responses may stream longer): inputs are at most
  // ~1 MB, so a client still uploading after 30 s is stalled or hostile (slowloris).
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  server.keepAliveTimeout = 65_000;
  let active = 0;
  let idle: (() => void) | undefined;
  server.on('request', (_req, res) => {
    active++;
    res.once('close', () => {
      active--;
      if (active === 0) idle?.();
    });
  });
  try {
    await rollouts.init();
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
    await once(server, 'listening');
  } catch (error) {
    // e.g. EADDRINUSE: release what was set up so a failed start leaks nothing.
    rollouts.close();
    for (const pool of pools.all()) pool.close();
    await usage.close();
    await dispatcher.close();
    if (ownsDb) await db.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://${formatHost(options.host ?? '127.0.0.1')}:${port}`;
  logger.info(
    { url, policy, model: defaultPool.model, endpoints: defaultPool.endpoints().length },
    'gateway listening',
  );

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      state.closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (active > 0) {
        const grace = options.shutdownGraceMs ?? 10_000;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, grace);
          idle = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      server.closeAllConnections();
      await closed;
      rollouts.close();
      for (const pool of pools.all()) {
        pool.close();
        metrics.untrackRouter(pool.model);
      }
      await usage.close();
      await dispatcher.close();
      if (ownsDb) await db.close();
      logger.info('gateway closed');
    })();
    return closing;
  };

  return { url, port, db, pools, metrics, services, close };
}

function formatHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
