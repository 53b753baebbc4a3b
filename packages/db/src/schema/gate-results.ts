import { sql } from 'drizzle-orm';
import { bigint, check, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const GATE_VERDICTS = ['PASS', 'FAIL', 'INCONCLUSIVE'] as const;
export type GateVerdict = (typeof GATE_VERDICTS)[number];

/** Outcome of the eval harness' rollout gate for a candidate vs baseline, with its full report. */
export const gateResults = pgTable(
  'gate_results',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    candidateModel: text('candidate_model').notNull(),
    baselineModel: text('baseline_model').notNull(),
    verdict: text('verdict', { enum: GATE_VERDICTS }).notNull(),
    report: jsonb('report').$type<unknown>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('gate_results_pair_idx').on(t.candidateModel, t.baselineModel, t.id),
    check('gate_results_verdict_valid', sql`${t.verdict} in ('PASS', 'FAIL', 'INCONCLUSIVE')`),
  ],
);
