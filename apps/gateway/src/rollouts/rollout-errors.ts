import { DatabaseError } from '@redline/db';
import { TRPCError } from '@trpc/server';

export type RolloutErrorCode = 'NOT_FOUND' | 'PRECONDITION_FAILED' | 'CONFLICT' | 'BAD_REQUEST';

/** A refused rollout operation; `code` is the tRPC code the admin API answers with. */
export class RolloutError extends Error {
  override readonly name = 'RolloutError';
  constructor(
    readonly code: RolloutErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const DATABASE_CODES = {
  NOT_FOUND: 'NOT_FOUND',
  INVALID_TRANSITION: 'PRECONDITION_FAILED',
  BAD_INPUT: 'BAD_REQUEST',
  BAD_CONFIG: 'INTERNAL_SERVER_ERROR',
} as const;

/** RolloutError and the repositories' DatabaseError as typed tRPC errors; anything else stays internal. */
export function toRolloutTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return error;
  if (error instanceof RolloutError) return new TRPCError({ code: error.code, message: error.message });
  if (error instanceof DatabaseError) {
    return new TRPCError({ code: DATABASE_CODES[error.code], message: error.message, cause: error });
  }
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'internal error', cause: error });
}
