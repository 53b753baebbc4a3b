import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { appRouter } from '../app-router.ts';
import { handleOpenAIRequest } from '../openai/front-door.ts';
import type { GatewayServices } from '../services.ts';
import { contextFactory } from '../trpc/context.ts';
import { sendJson } from './http-io.ts';

export interface ListenerState {
  /** True once close() started: new requests are refused with 503 so load balancers move on. */
  closing: boolean;
}

/** One listener for the whole gateway: /trpc/*, /v1/*, /healthz, /readyz, /metrics. */
export function createRequestListener(services: GatewayServices, state: ListenerState): RequestListener {
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    // The typed client POSTs queries (inputs up to 100 KB do not fit in a URL); GET keeps working for curl.
    allowMethodOverride: true,
    // A batch fans out to calls × segments upstream requests: bound it (the client batches at most 10).
    maxBatchSize: 10,
    createContext: contextFactory(services),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        services.logger.error({ err: error.cause ?? error, path }, 'tRPC procedure failed');
      }
    },
  });

  return (req: IncomingMessage, res: ServerResponse) => {
    const pathname = new URL(req.url ?? '/', 'http://gateway').pathname;
    if (services.logger.isLevelEnabled('debug')) {
      const started = performance.now();
      res.once('close', () => {
        const ms = Math.round(performance.now() - started);
        services.logger.debug({ method: req.method, path: pathname, status: res.statusCode, ms }, 'request');
      });
    }
    if (pathname === '/healthz') return sendJson(res, state.closing ? 503 : 200, { ok: !state.closing });
    if (pathname === '/readyz') return readiness(services, state, res);
    if (pathname === '/metrics') return void metrics(services, res);
    if (state.closing) {
      res.setHeader('connection', 'close');
      return sendJson(res, 503, { error: { message: 'gateway is shutting down', type: 'api_error' } });
    }
    if (pathname.startsWith('/trpc/')) return trpc(req, res);
    if (pathname === '/v1' || pathname.startsWith('/v1/')) {
      return void handleOpenAIRequest(services, req, res, pathname);
    }
    sendJson(res, 404, {
      error: { message: `no route ${req.method} ${pathname}`, type: 'invalid_request_error' },
    });
  };
}

function readiness(services: GatewayServices, state: ListenerState, res: ServerResponse): void {
  const pools = services.pools.all().map((pool) => ({
    model: pool.model,
    ready: pool.isReady(),
    endpoints: pool.router.snapshot().map((e) => ({ id: e.id, state: e.state, inFlight: e.inFlight })),
  }));
  // Ready when the pool users are served from can take requests: after a promotion that is the promoted model's.
  const serving = services.pools.get(services.rollouts.serving()) ?? services.pools.defaultPool;
  const ready = !state.closing && serving.isReady();
  sendJson(res, ready ? 200 : 503, { ready, servingModel: serving.model, pools });
}

async function metrics(services: GatewayServices, res: ServerResponse): Promise<void> {
  try {
    const body = await services.metrics.registry.metrics();
    res.writeHead(200, { 'content-type': services.metrics.registry.contentType });
    res.end(body);
  } catch (error) {
    services.logger.error({ err: error }, 'metrics collection failed');
    sendJson(res, 500, { error: { message: 'metrics collection failed', type: 'api_error' } });
  }
}
