import { createHash, getRandomValues } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db-types.ts';
import { apiKeys } from '../schema/index.ts';
import { isUuid, requireText } from './validation.ts';

export const API_KEY_PREFIX = 'rl_';
const KEY_BODY_LENGTH = 32;
const DISPLAY_PREFIX_LENGTH = 8;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export interface CreatedApiKey {
  id: string;
  name: string;
  /** The plaintext key. Returned once; only its SHA-256 is stored. */
  key: string;
  prefix: string;
  createdAt: Date;
}

export interface ApiKeyInfo {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface ApiKeysRepository {
  create(input: { name: string }): Promise<CreatedApiKey>;
  /** The key's owner if the key exists and is not revoked, else null. */
  verify(key: string): Promise<{ id: string; name: string } | null>;
  /** All keys, oldest first, without hashes. */
  list(): Promise<ApiKeyInfo[]>;
  /** true when the key existed and was active; revoking twice returns false. */
  revoke(id: string): Promise<boolean>;
}

/** 'rl_' + 32 base62 characters (~190 bits) from a CSPRNG, without modulo bias. */
export function generateApiKey(randomBytes: (n: number) => Uint8Array = defaultRandomBytes): string {
  let body = '';
  while (body.length < KEY_BODY_LENGTH) {
    for (const byte of randomBytes(KEY_BODY_LENGTH)) {
      // 248 = 4 × 62: rejecting the top 8 values keeps every character equally likely.
      if (byte < 248 && body.length < KEY_BODY_LENGTH) body += BASE62[byte % 62];
    }
  }
  return API_KEY_PREFIX + body;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

function defaultRandomBytes(n: number): Uint8Array {
  return getRandomValues(new Uint8Array(n));
}

const KEY_SHAPE = new RegExp(`^${API_KEY_PREFIX}[0-9A-Za-z]{${KEY_BODY_LENGTH}}$`);

export function createApiKeysRepository(
  db: Db,
  randomBytes: (n: number) => Uint8Array = defaultRandomBytes,
): ApiKeysRepository {
  return {
    async create({ name }) {
      requireText('name', name);
      const key = generateApiKey(randomBytes);
      const prefix = key.slice(0, DISPLAY_PREFIX_LENGTH);
      const [row] = await db
        .insert(apiKeys)
        .values({ name, keyHash: hashApiKey(key), prefix })
        .returning({ id: apiKeys.id, createdAt: apiKeys.createdAt });
      if (row === undefined) throw new Error('insert into api_keys returned no row');
      return { id: row.id, name, key, prefix, createdAt: row.createdAt };
    },

    async verify(key) {
      // Malformed keys cannot match: answer without a round trip.
      if (typeof key !== 'string' || !KEY_SHAPE.test(key)) return null;
      const [row] = await db
        .select({ id: apiKeys.id, name: apiKeys.name })
        .from(apiKeys)
        .where(and(eq(apiKeys.keyHash, hashApiKey(key)), isNull(apiKeys.revokedAt)))
        .limit(1);
      return row ?? null;
    },

    async list() {
      return db
        .select({
          id: apiKeys.id,
          name: apiKeys.name,
          prefix: apiKeys.prefix,
          createdAt: apiKeys.createdAt,
          revokedAt: apiKeys.revokedAt,
        })
        .from(apiKeys)
        .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
    },

    async revoke(id) {
      if (!isUuid(id)) return false;
      const rows = await db
        .update(apiKeys)
        .set({ revokedAt: new Date() })
        .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
        .returning({ id: apiKeys.id });
      return rows.length > 0;
    },
  };
}
