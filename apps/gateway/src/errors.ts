import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';

/**
 * Every failure the gateway can report, defined once: its tRPC code, HTTP status and OpenAI error fields.
 * Procedures and the /v1 front door throw GatewayError and translate at the edge, so both APIs agree.
 */
const KINDS = {
  invalid_request: { trpc: 'BAD_REQUEST', status: 400, type: 'invalid_request_error', code: null },
  unauthorized: { trpc: 'UNAUTHORIZED', status: 401, type: 'authentication_error', code: 'invalid_api_key' },
  forbidden: { trpc: 'FORBIDDEN', status: 403, type: 'permission_error', code: 'forbidden' },
  model_not_found: { trpc: 'NOT_FOUND', status: 404, type: 'invalid_request_error', code: 'model_not_found' },
  not_found: { trpc: 'NOT_FOUND', status: 404, type: 'invalid_request_error', code: 'not_found' },
  payload_too_large: { trpc: 'PAYLOAD_TOO_LARGE', status: 413, type: 'invalid_request_error', code: null },
  overloaded: { trpc: 'TOO_MANY_REQUESTS', status: 429, type: 'rate_limit_error', code: 'overloaded' },
  client_closed: { trpc: 'CLIENT_CLOSED_REQUEST', status: 499, type: 'api_error', code: 'client_closed' },
  upstream_failed: { trpc: 'BAD_GATEWAY', status: 502, type: 'api_error', code: 'upstream_failed' },
  no_endpoints: { trpc: 'SERVICE_UNAVAILABLE', status: 503, type: 'api_error', code: 'no_healthy_endpoints' },
  shutting_down: { trpc: 'SERVICE_UNAVAILABLE', status: 503, type: 'api_error', code: 'shutting_down' },
  deadline_exceeded: { trpc: 'GATEWAY_TIMEOUT', status: 504, type: 'api_error', code: 'deadline_exceeded' },
  internal: { trpc: 'INTERNAL_SERVER_ERROR', status: 500, type: 'api_error', code: 'internal_error' },
} as const satisfies Record<
  string,
  { trpc: TRPC_ERROR_CODE_KEY; status: number; type: string; code: string | null }
>;

export type GatewayErrorKind = keyof typeof KINDS;

export interface GatewayErrorOptions {
  /** For `overloaded`: how long the client should wait before retrying. */
  retryAfterMs?: number;
  /** OpenAI `param`: the request field at fault. */
  param?: string;
  cause?: unknown;
}

export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  readonly retryAfterMs: number | undefined;
  readonly param: string | undefined;

  constructor(
    readonly kind: GatewayErrorKind,
    message: string,
    options: GatewayErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.retryAfterMs = options.retryAfterMs;
    this.param = options.param;
  }

  get httpStatus(): number {
    return KINDS[this.kind].status;
  }
}

export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return error;
  if (error instanceof GatewayError) {
    return new TRPCError({ code: KINDS[error.kind].trpc, message: error.message, cause: error });
  }
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'internal error', cause: error });
}

export interface OpenAIErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: { error: { message: string; type: string; param: string | null; code: string | null } };
}

/** The `{"error":{message,type,param,code}}` body OpenAI clients parse, with status and Retry-After. */
export function toOpenAIError(error: unknown): OpenAIErrorResponse {
  const gatewayError =
    error instanceof GatewayError ? error : new GatewayError('internal', 'internal error', { cause: error });
  const spec = KINDS[gatewayError.kind];
  const headers: Record<string, string> = {};
  if (gatewayError.retryAfterMs !== undefined) {
    headers['retry-after'] = String(Math.max(1, Math.ceil(gatewayError.retryAfterMs / 1000)));
  }
  return {
    status: spec.status,
    headers,
    body: {
      error: {
        message: gatewayError.message,
        type: spec.type,
        param: gatewayError.param ?? null,
        code: spec.code,
      },
    },
  };
}
