import type { RequestHandle } from '@redline/router';
import { type Dispatcher, request } from 'undici';
import { GatewayError } from '../errors.ts';
import { AttemptFailure, networkFailure } from './attempt-failure.ts';
import { ORCA_REQUEST_HEADER, ORCA_RESPONSE_HEADER, parseOrcaLoadHeader } from './orca-load-header.ts';

export interface SendUpstreamOptions {
  dispatcher: Dispatcher;
  handle: RequestHandle;
  /** e.g. '/v1/chat/completions' */
  path: string;
  body: unknown;
  signal: AbortSignal;
}

/**
 * POST a JSON body to the picked pod, asking for its ORCA load report, and feed that report to the router.
 * Resolves once the response headers are in, with a 2xx status; throws AttemptFailure otherwise.
 */
export async function sendUpstream(options: SendUpstreamOptions): Promise<Dispatcher.ResponseData> {
  const { dispatcher, handle, path, body, signal } = options;
  let response: Dispatcher.ResponseData;
  try {
    response = await request(`${handle.endpoint.url}${path}`, {
      method: 'POST',
      dispatcher,
      signal,
      headers: { 'content-type': 'application/json', [ORCA_REQUEST_HEADER]: 'TEXT' },
      body: JSON.stringify(body),
    });
  } catch (error) {
    throw networkFailure(error, handle.endpoint.id);
  }
  const load = parseOrcaLoadHeader(response.headers[ORCA_RESPONSE_HEADER]);
  if (load) handle.reportLoad(load);
  if (response.statusCode >= 200 && response.statusCode < 300) return response;
  const detail = await readErrorBody(response);
  throw upstreamStatusFailure(response.statusCode, detail, handle.endpoint.id);
}

/** 5xx and 429 are the pod's trouble (retry elsewhere); other 4xx are the request's (do not retry). */
function upstreamStatusFailure(status: number, detail: string, endpointId: string): AttemptFailure {
  if (status >= 500 || status === 429) {
    return new AttemptFailure(
      'http-5xx',
      true,
      new GatewayError('upstream_failed', `upstream ${endpointId} answered ${status}: ${detail}`),
    );
  }
  return new AttemptFailure(
    undefined,
    false,
    new GatewayError('invalid_request', detail || `HTTP ${status}`),
  );
}

/** The upstream's error message, bounded, whether it sent OpenAI-shaped JSON or plain text. */
async function readErrorBody(response: Dispatcher.ResponseData): Promise<string> {
  try {
    const text = (await response.body.text()).slice(0, 2000);
    try {
      const parsed = JSON.parse(text) as { error?: { message?: unknown }; message?: unknown };
      const message = parsed.error?.message ?? parsed.message;
      if (typeof message === 'string') return message;
    } catch {
      // not JSON: fall through to the raw text
    }
    return text.trim();
  } catch {
    return '';
  }
}
