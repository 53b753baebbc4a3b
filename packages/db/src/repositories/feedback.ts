import { count, gte, type SQL } from 'drizzle-orm';
import type { Db } from '../db-types.ts';
import { FEEDBACK_ACTIONS, type FeedbackAction, feedback } from '../schema/index.ts';
import { requireOneOf, requireText, requireUuid } from './validation.ts';

export interface FeedbackInput {
  keyId: string;
  action: FeedbackAction;
  /** Edit category (spelling, grammar, …) — never the text itself. */
  category: string;
  model: string;
}

export interface FeedbackSummary {
  total: number;
  byAction: Record<FeedbackAction, number>;
  byCategory: Record<string, number>;
  byModel: Record<string, number>;
  /** Finest grain: one row per (action, category, model) with its count. */
  rows: { action: FeedbackAction; category: string; model: string; count: number }[];
}

export interface FeedbackRepository {
  record(input: FeedbackInput): Promise<void>;
  /** Several events in one INSERT (the extension batches feedback). */
  recordMany(inputs: readonly FeedbackInput[]): Promise<void>;
  summary(filter?: { since?: Date }): Promise<FeedbackSummary>;
}

function validate(input: FeedbackInput): FeedbackInput {
  return {
    keyId: requireUuid('keyId', input.keyId),
    action: requireOneOf('action', input.action, FEEDBACK_ACTIONS),
    category: requireText('category', input.category, 64),
    model: requireText('model', input.model),
  };
}

export function createFeedbackRepository(db: Db): FeedbackRepository {
  const recordMany = async (inputs: readonly FeedbackInput[]) => {
    const rows = inputs.map(validate);
    if (rows.length > 0) await db.insert(feedback).values(rows);
  };
  return {
    record: (input) => recordMany([input]),
    recordMany,
    async summary(filter = {}) {
      const where: SQL | undefined = filter.since ? gte(feedback.createdAt, filter.since) : undefined;
      const grouped = await db
        .select({
          action: feedback.action,
          category: feedback.category,
          model: feedback.model,
          count: count(),
        })
        .from(feedback)
        .where(where)
        .groupBy(feedback.action, feedback.category, feedback.model);
      const summary: FeedbackSummary = {
        total: 0,
        byAction: { applied: 0, dismissed: 0, ignored: 0 },
        byCategory: {},
        byModel: {},
        rows: [],
      };
      for (const row of grouped) {
        const n = Number(row.count);
        summary.total += n;
        summary.byAction[row.action] += n;
        summary.byCategory[row.category] = (summary.byCategory[row.category] ?? 0) + n;
        summary.byModel[row.model] = (summary.byModel[row.model] ?? 0) + n;
        summary.rows.push({ ...row, count: n });
      }
      summary.rows.sort(
        (a, b) =>
          a.action.localeCompare(b.action) ||
          a.category.localeCompare(b.category) ||
          a.model.localeCompare(b.model),
      );
      return summary;
    },
  };
}
