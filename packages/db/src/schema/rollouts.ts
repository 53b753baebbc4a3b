import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const ROLLOUT_STAGES = ['shadow', 'canary', 'promoted', 'rolled-back'] as const;
export type RolloutStage = (typeof ROLLOUT_STAGES)[number];

/** A candidate model being rolled out against a baseline: shadow → canary → promoted | rolled-back. */
export const rollouts = pgTable(
  'rollouts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    candidateModel: text('candidate_model').notNull(),
    baselineModel: text('baseline_model').notNull(),
    stage: text('stage', { enum: ROLLOUT_STAGES }).notNull().default('shadow'),
    canaryPercent: integer('canary_percent').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('rollouts_stage_idx').on(t.stage),
    check('rollouts_canary_percent_range', sql`${t.canaryPercent} between 0 and 100`),
    check('rollouts_stage_valid', sql`${t.stage} in ('shadow', 'canary', 'promoted', 'rolled-back')`),
  ],
);

/** Audit trail: every stage change, who made it and why. Written in the same transaction as the change. */
export const rolloutTransitions = pgTable(
  'rollout_transitions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    rolloutId: uuid('rollout_id')
      .notNull()
      .references(() => rollouts.id, { onDelete: 'cascade' }),
    fromStage: text('from_stage', { enum: ROLLOUT_STAGES }).notNull(),
    toStage: text('to_stage', { enum: ROLLOUT_STAGES }).notNull(),
    canaryPercent: integer('canary_percent').notNull(),
    actor: text('actor').notNull(),
    reason: text('reason').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('rollout_transitions_rollout_idx').on(t.rolloutId, t.id),
    check(
      'rollout_transitions_from_valid',
      sql`${t.fromStage} in ('shadow', 'canary', 'promoted', 'rolled-back')`,
    ),
    check(
      'rollout_transitions_to_valid',
      sql`${t.toStage} in ('shadow', 'canary', 'promoted', 'rolled-back')`,
    ),
  ],
);
