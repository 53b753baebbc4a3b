import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Served models and the endpoint URLs of their pods (static config; discovery may override). */
export const models = pgTable('models', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique('models_name_unique'),
  endpoints: jsonb('endpoints').$type<string[]>().notNull().default([]),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
