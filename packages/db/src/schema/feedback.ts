import { sql } from 'drizzle-orm';
import { bigint, check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { apiKeys } from './api-keys.ts';

export const FEEDBACK_ACTIONS = ['applied', 'dismissed', 'ignored'] as const;
export type FeedbackAction = (typeof FEEDBACK_ACTIONS)[number];

/**
 * What the user did with one suggestion. Deliberately has NO text column: the user's writing never
 * reaches storage, only the action, the edit category and which model proposed it.
 */
export const feedback = pgTable(
  'feedback',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    keyId: uuid('key_id')
      .notNull()
      .references(() => apiKeys.id, { onDelete: 'cascade' }),
    action: text('action', { enum: FEEDBACK_ACTIONS }).notNull(),
    category: text('category').notNull(),
    model: text('model').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('feedback_created_at_idx').on(t.createdAt),
    index('feedback_model_idx').on(t.model),
    check('feedback_action_valid', sql`${t.action} in ('applied', 'dismissed', 'ignored')`),
  ],
);
