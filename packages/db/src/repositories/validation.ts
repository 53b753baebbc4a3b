import { DatabaseError } from '../errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Ids are uuids; anything else can never match a row (and would make PostgreSQL raise 22P02). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

export function requireText(field: string, value: unknown, maxLength = 200): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > maxLength) {
    throw new DatabaseError(
      'BAD_INPUT',
      `${field} must be a non-empty string of at most ${maxLength} characters`,
    );
  }
  return value;
}

export function requireUuid(field: string, value: unknown): string {
  if (!isUuid(value)) throw new DatabaseError('BAD_INPUT', `${field} must be a uuid`);
  return value;
}

/** A real calendar day 'YYYY-MM-DD' (rejects 2026-02-30). */
export function requireDay(value: unknown): string {
  if (typeof value === 'string' && DAY.test(value)) {
    const parsed = new Date(`${value}T00:00:00Z`);
    if (!Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value) return value;
  }
  throw new DatabaseError('BAD_INPUT', `day must be a UTC date 'YYYY-MM-DD', got ${JSON.stringify(value)}`);
}

export function requireCount(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new DatabaseError('BAD_INPUT', `${field} must be a non-negative safe integer`);
  }
  return value;
}

export function requireOneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new DatabaseError('BAD_INPUT', `${field} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** UTC calendar day of an instant, as stored in usage.day. */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}
