import type { FailureReason } from '@redline/router';
import { GatewayError } from '../errors.ts';

/**
 * One upstream attempt failed. `reason` is what the router learns about the pod; `retryable` says whether the
 * request may go to another pod (false once anything reached the client, or for the client's own mistakes).
 * `reason: undefined` releases the pod's slot without judging it (e.g. the pod rejected a bad request).
 */
export class AttemptFailure extends Error {
  override readonly name = 'AttemptFailure';
  constructor(
    readonly reason: FailureReason | undefined,
    readonly retryable: boolean,
    readonly error: GatewayError,
  ) {
    super(error.message, { cause: error });
  }
}

/** Classify a thrown network error (undici) into the router's failure vocabulary. */
export function classifyNetworkError(error: unknown): FailureReason {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return 'connect';
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return 'connect';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return 'timeout';
  return 'reset';
}

export function networkFailure(error: unknown, endpointId: string): AttemptFailure {
  const reason = classifyNetworkError(error);
  const message = error instanceof Error ? error.message : String(error);
  return new AttemptFailure(
    reason,
    true,
    new GatewayError('upstream_failed', `upstream ${endpointId} failed (${reason}): ${message}`, {
      cause: error,
    }),
  );
}
