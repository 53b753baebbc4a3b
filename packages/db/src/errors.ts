export type DatabaseErrorCode = 'BAD_CONFIG' | 'NOT_FOUND' | 'INVALID_TRANSITION' | 'BAD_INPUT';

/** Typed failure of a repository call; `code` maps onto tRPC codes (NOT_FOUND, BAD_REQUEST, …). */
export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';
  constructor(
    readonly code: DatabaseErrorCode,
    message: string,
  ) {
    super(message);
  }
}
