import type { AppRouter } from '@redline/gateway/app-router';
import { TRPCClientError } from '@trpc/client';

export function isRedlineError(error: unknown): error is TRPCClientError<AppRouter> {
  return error instanceof TRPCClientError;
}

/** The tRPC error code ('UNAUTHORIZED', 'TOO_MANY_REQUESTS', 'BAD_REQUEST', ...) of a failed call, if any. */
export function redlineErrorCode(error: unknown): string | undefined {
  return isRedlineError(error) ? error.data?.code : undefined;
}
