import { bigint, date, pgTable, primaryKey, uuid } from 'drizzle-orm/pg-core';
import { apiKeys } from './api-keys.ts';

/**
 * Daily usage per key (UTC day). Counters are bigint: at design load one key can exceed 2^31 tokens a
 * day. mode 'number' is exact up to 2^53. Rows are only ever written by additive upserts.
 */
export const usage = pgTable(
  'usage',
  {
    keyId: uuid('key_id')
      .notNull()
      .references(() => apiKeys.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    requests: bigint('requests', { mode: 'number' }).notNull().default(0),
    inputTokens: bigint('input_tokens', { mode: 'number' }).notNull().default(0),
    outputTokens: bigint('output_tokens', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ name: 'usage_key_id_day_pk', columns: [t.keyId, t.day] })],
);
