import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { bearerToken } from '../auth/admin-token.ts';
import type { Principal } from '../auth/key-verifier.ts';
import { GatewayError, toOpenAIError } from '../errors.ts';
import { readJsonBody, sendJson } from '../http/http-io.ts';
import type { GatewayServices } from '../services.ts';
import { formatValidationIssues, validationIssuesOf } from '../trpc/validation-issues.ts';
import { proxyCompletion } from './proxy-completion.ts';
import { chatCompletionRequest, completionRequest } from './request-schemas.ts';

const MAX_BODY_BYTES = 1_000_000;

const ROUTES = {
  'GET /v1/models': listModels,
  'POST /v1/chat/completions': (s, req, res, p) => completion(s, req, res, p, '/v1/chat/completions'),
  'POST /v1/completions': (s, req, res, p) => completion(s, req, res, p, '/v1/completions'),
} satisfies Record<string, RouteHandler>;

type RouteHandler = (
  services: GatewayServices,
  req: IncomingMessage,
  res: ServerResponse,
  principal: Principal,
) => Promise<void>;

/**
 * The OpenAI-compatible front door (/v1/*): same API keys, same pools and routers as the tRPC API, errors in
 * OpenAI's `{"error": {...}}` shape so OpenAI SDKs surface them properly.
 */
export async function handleOpenAIRequest(
  services: GatewayServices,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<void> {
  const route = `${req.method} ${pathname.replace(/\/+$/, '')}`;
  const started = performance.now();
  let status = 500;
  try {
    const handler = (ROUTES as Record<string, RouteHandler>)[route];
    if (!handler) throw new GatewayError('not_found', `no route ${route}`);
    const principal = await authenticate(services, req);
    await handler(services, req, res, principal);
    status = res.statusCode;
  } catch (error) {
    const failure = toOpenAIError(error);
    status = failure.status;
    if (failure.status >= 500 && !(error instanceof GatewayError)) {
      services.logger.error({ err: error, route }, 'unexpected error in /v1');
    }
    if (!res.headersSent) sendJson(res, failure.status, failure.body, failure.headers);
    else if (!res.writableEnded) res.end();
  } finally {
    const procedure = ROUTES[route as keyof typeof ROUTES] ? route : 'unknown /v1';
    services.metrics.requests.inc({ procedure, code: String(status) });
    services.metrics.requestDuration.observe({ procedure }, (performance.now() - started) / 1000);
  }
}

async function authenticate(services: GatewayServices, req: IncomingMessage): Promise<Principal> {
  const token = bearerToken(req.headers.authorization);
  if (!token) throw new GatewayError('unauthorized', 'missing API key (Authorization: Bearer <key>)');
  const principal = await services.keyVerifier.verify(token);
  if (!principal) throw new GatewayError('unauthorized', 'invalid or revoked API key');
  return principal;
}

async function listModels(
  services: GatewayServices,
  _req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const data = services.pools.all().map((pool) => ({
    id: pool.model,
    object: 'model',
    created: services.startedAtSeconds,
    owned_by: 'redline',
  }));
  sendJson(res, 200, { object: 'list', data });
}

async function completion(
  services: GatewayServices,
  req: IncomingMessage,
  res: ServerResponse,
  principal: Principal,
  path: '/v1/chat/completions' | '/v1/completions',
): Promise<void> {
  const raw = await readJsonBody(req, MAX_BODY_BYTES);
  const schema = path === '/v1/chat/completions' ? chatCompletionRequest : completionRequest;
  const body = validate(schema, raw);
  const pool = services.pools.get(body.model);
  if (!pool) {
    throw new GatewayError('model_not_found', `The model \`${body.model}\` does not exist.`, {
      param: 'model',
    });
  }
  const controller = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) controller.abort(new Error('client closed the connection'));
  };
  res.once('close', onClose);
  try {
    const usage = await proxyCompletion({ services, pool, path, body, res, signal: controller.signal });
    services.usage.record(principal.keyId, {
      requests: 1,
      inputTokens: usage.promptTokens,
      outputTokens: usage.completionTokens,
    });
  } catch (error) {
    services.usage.record(principal.keyId, { requests: 1 });
    throw error;
  } finally {
    res.off('close', onClose);
  }
}

function validate<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = validationIssuesOf(parsed.error) ?? [];
  throw new GatewayError('invalid_request', formatValidationIssues(issues), {
    param: issues[0]?.path || undefined,
  });
}
