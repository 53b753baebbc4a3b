import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createEngine, DEFAULT_PROFILE_NAME, getProfile, type ModelProfile } from '@redline/pod-model';
import { ZodError } from 'zod';
import { planRequest } from './completion-request.ts';
import { EngineDriver } from './engine-driver.ts';
import { fromZodError, HttpError, serviceUnavailable } from './errors.ts';
import { DEFAULT_FAULTS, type Faults, mergeFaults } from './faults.ts';
import { type GenerationContext, runGeneration } from './generation.ts';
import { readJson, sendError, sendJson, sendMethodNotAllowed, sendNotFoundRoute } from './http-util.ts';
import { PodMetrics } from './metrics.ts';
import { type TextEngineName, textEngine } from './text-engine.ts';

export const DEFAULT_MODEL_NAME = 'redline/harper-gec';
/** The vLLM release whose API this pod imitates (GET /version). */
export const VLLM_VERSION = '0.11.0';

export interface PodOptions {
  /** 0 (default) = ephemeral port. */
  port?: number;
  host?: string;
  /** Profile name or object from @redline/pod-model; default l40s-llama3-8b. */
  profile?: string | ModelProfile;
  engine?: TextEngineName;
  modelName?: string;
  /** Overrides the profile's max_num_seqs (vLLM --max-num-seqs). */
  maxNumSeqs?: number;
  faults?: Partial<Faults>;
  /** Wall time per modelled time (default 1; 0.1 runs the model 10× faster than an L40S). */
  timeScale?: number;
  /** Random source for errorRate (injectable for tests). */
  random?: () => number;
}

export interface PodStats {
  running: number;
  waiting: number;
  kvCacheUsage: number;
  /** Open HTTP requests (including hung ones). */
  inFlight: number;
  requests: number;
  completed: number;
  aborted: number;
  crashed: number;
  rejected: number;
  faulted503: number;
  /** Engine steps run and how late (wall ms) their tokens went out versus the model. */
  steps: number;
  stepLagMsMean: number;
  stepLagMsMax: number;
}

export interface PodHandle {
  /** http://HOST:PORT */
  url: string;
  port: number;
  setFaults(faults: Partial<Faults>): void;
  faults(): Faults;
  stats(): PodStats;
  close(): Promise<void>;
}

/** Start one vLLM-compatible pod. Resolves once it listens (and harper is warm, for the harper engine). */
export async function startPod(options: PodOptions = {}): Promise<PodHandle> {
  const baseProfile =
    typeof options.profile === 'object'
      ? options.profile
      : getProfile(options.profile ?? DEFAULT_PROFILE_NAME);
  const profile: ModelProfile =
    options.maxNumSeqs !== undefined ? { ...baseProfile, maxNumSeqs: options.maxNumSeqs } : baseProfile;
  if (!(Number.isInteger(profile.maxNumSeqs) && profile.maxNumSeqs > 0)) {
    throw new RangeError(`maxNumSeqs must be a positive integer, got ${profile.maxNumSeqs}`);
  }
  const host = options.host ?? '127.0.0.1';
  const modelName = options.modelName ?? DEFAULT_MODEL_NAME;
  const random = options.random ?? Math.random;
  const text = textEngine(options.engine ?? 'harper');
  let faults = mergeFaults({ ...DEFAULT_FAULTS }, options.faults ?? {});
  const engine = createEngine({ profile, slowdown: faults.slowdown });
  const driver = new EngineDriver(engine, options.timeScale ?? 1);
  const maxModelLen = Math.min(profile.maxModelLen, profile.kvCapacityTokens);
  const metrics = new PodMetrics(modelName, engine, maxModelLen);
  const served = { name: modelName, maxModelLen };
  const createdAt = Math.floor(Date.now() / 1000);
  const counts = { requests: 0, completed: 0, aborted: 0, crashed: 0, rejected: 0, faulted503: 0 };
  const open = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  let closing = false;

  const ctx: GenerationContext = {
    driver,
    metrics,
    text,
    faults: () => faults,
    orcaLoad: () => ({ kvCacheUsage: engine.kvCacheUsage, waiting: engine.waiting, running: engine.running }),
    onCompleted(outcome) {
      if (outcome === 'ok') counts.completed++;
      else if (outcome === 'aborted') counts.aborted++;
      else counts.crashed++;
    },
  };

  const setFaults = (patch: Partial<Faults>) => {
    faults = mergeFaults(faults, patch);
    driver.setSlowdown(faults.slowdown);
  };

  async function handleCompletion(kind: 'chat' | 'completion', req: IncomingMessage, res: ServerResponse) {
    const arrivedAt = performance.now();
    counts.requests++;
    const body = await readJson(req);
    const plan = planRequest(kind, body, req.headers, served, arrivedAt);
    if (plan instanceof HttpError) {
      counts.rejected++;
      return sendError(res, plan);
    }
    if (faults.errorRate > 0 && random() < faults.errorRate) {
      counts.faulted503++;
      return sendError(res, serviceUnavailable('The server is currently unavailable (injected fault).'));
    }
    if (faults.hang) return; // keep the connection open; close() tears it down
    await runGeneration(ctx, plan, res);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    const only = (m: string) => {
      if (method === m) return true;
      sendMethodNotAllowed(res);
      return false;
    };
    switch (path) {
      case '/v1/chat/completions':
        if (only('POST')) await handleCompletion('chat', req, res);
        return;
      case '/v1/completions':
        if (only('POST')) await handleCompletion('completion', req, res);
        return;
      case '/health':
        if (!only('GET')) return;
        res.writeHead(faults.unhealthy ? 503 : 200, { 'content-length': 0 });
        res.end();
        return;
      case '/v1/models':
        if (only('GET')) sendJson(res, 200, modelList(modelName, maxModelLen, createdAt));
        return;
      case '/version':
        if (only('GET')) sendJson(res, 200, { version: VLLM_VERSION });
        return;
      case '/metrics': {
        if (!only('GET')) return;
        const body = await metrics.render();
        res.writeHead(200, { 'content-type': metrics.contentType });
        res.end(body);
        return;
      }
      case '/admin/faults':
        if (method === 'GET') return sendJson(res, 200, faults);
        if (method !== 'POST') return sendMethodNotAllowed(res);
        try {
          setFaults((await readJson(req)) as Partial<Faults>);
        } catch (error) {
          if (error instanceof ZodError) return sendError(res, fromZodError(error, 'Faults'));
          throw error;
        }
        return sendJson(res, 200, faults);
      default:
        sendNotFoundRoute(res);
    }
  }

  const server: Server = createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    if (closing) {
      sendError(res, serviceUnavailable('The pod is shutting down.'), { connection: 'close' });
      return;
    }
    route(req, res).catch((error: unknown) => {
      const httpError =
        error instanceof HttpError
          ? error
          : new HttpError(500, 'InternalServerError', error instanceof Error ? error.message : String(error));
      if (!res.headersSent) sendError(res, httpError);
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await text.warmUp();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closed: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      closing = true;
      driver.close();
      // End streams cleanly where headers went out; drop everything else (hung or mid-lint requests).
      for (const res of open) {
        if (res.headersSent && !res.writableEnded) res.end();
        else res.destroy();
      }
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      for (const socket of sockets) socket.destroy();
      await done;
    })();
    return closed;
  };

  return {
    url: `http://${urlHost}:${port}`,
    port,
    setFaults,
    faults: () => ({ ...faults }),
    stats: () => ({
      running: engine.running,
      waiting: engine.waiting,
      kvCacheUsage: engine.kvCacheUsage,
      inFlight: open.size,
      ...counts,
      ...lagStats(driver),
    }),
    close,
  };
}

function lagStats(driver: EngineDriver) {
  const lag = driver.lag();
  return { steps: lag.steps, stepLagMsMean: lag.meanMs, stepLagMsMax: lag.maxMs };
}

/** GET /v1/models as vLLM shapes it (ModelList of ModelCard with max_model_len and a permission entry). */
function modelList(name: string, maxModelLen: number, created: number) {
  return {
    object: 'list',
    data: [
      {
        id: name,
        object: 'model',
        created,
        owned_by: 'vllm',
        root: name,
        parent: null,
        max_model_len: maxModelLen,
        permission: [
          {
            id: `modelperm-${name.replace(/[^a-z0-9]/gi, '')}`,
            object: 'model_permission',
            created,
            allow_create_engine: false,
            allow_sampling: true,
            allow_logprobs: true,
            allow_search_indices: false,
            allow_view: true,
            allow_fine_tuning: false,
            organization: '*',
            group: null,
            is_blocking: false,
          },
        ],
      },
    ],
  };
}
