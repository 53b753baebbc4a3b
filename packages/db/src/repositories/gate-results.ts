import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db-types.ts';
import { GATE_VERDICTS, type GateVerdict, gateResults } from '../schema/index.ts';
import { requireOneOf, requireText } from './validation.ts';

export interface GateResult {
  id: number;
  candidateModel: string;
  baselineModel: string;
  verdict: GateVerdict;
  report: unknown;
  createdAt: Date;
}

export interface GateResultsRepository {
  record(input: {
    candidate: string;
    baseline: string;
    verdict: GateVerdict;
    report: unknown;
  }): Promise<GateResult>;
  /** Most recent result for the pair, or null. */
  latest(candidate: string, baseline: string): Promise<GateResult | null>;
}

export function createGateResultsRepository(db: Db): GateResultsRepository {
  return {
    async record({ candidate, baseline, verdict, report }) {
      const [row] = await db
        .insert(gateResults)
        .values({
          candidateModel: requireText('candidate', candidate),
          baselineModel: requireText('baseline', baseline),
          verdict: requireOneOf('verdict', verdict, GATE_VERDICTS),
          // A JS null (or undefined) would reach SQL as NULL and break NOT NULL: store the JSON value null.
          report: report === undefined || report === null ? sql`'null'::jsonb` : report,
        })
        .returning();
      if (row === undefined) throw new Error('insert into gate_results returned no row');
      return row;
    },
    async latest(candidate, baseline) {
      const [row] = await db
        .select()
        .from(gateResults)
        .where(and(eq(gateResults.candidateModel, candidate), eq(gateResults.baselineModel, baseline)))
        .orderBy(desc(gateResults.id))
        .limit(1);
      return row ?? null;
    },
  };
}
