import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Constant-time comparison of a presented admin token with the configured one. Both sides are hashed first so
 * the comparison has equal lengths and leaks neither content nor length through timing.
 */
export function isAdminToken(presented: string | undefined, configured: string | undefined): boolean {
  if (!presented || !configured) return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(configured).digest();
  return timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match?.[1];
}
