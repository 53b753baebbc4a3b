import type { GateResult, GateVerdict, Rollout } from '@redline/db';
import { RolloutError } from './rollout-errors.ts';

/** Why a rollout may not leave shadow given the latest gate result for its pair, or null when it may. */
export function gateRefusal(gate: GateResult | null, candidate: string, baseline: string): string | null {
  if (!gate) {
    return (
      `no eval gate result recorded for "${candidate}" against "${baseline}": the rollout stays in shadow ` +
      '(run `redline-eval gate` and record it with rollouts.recordGate / `redline-eval rollout start --gate-report`)'
    );
  }
  if (gate.verdict === 'PASS') return null;
  return (
    `the latest eval gate for "${candidate}" against "${baseline}" is ${gate.verdict} ` +
    `(recorded ${gate.createdAt.toISOString()}): the rollout stays in shadow until a PASS is recorded`
  );
}

/** A gate report (redline-eval's gate.json) must be about this rollout's pair and say the same verdict. */
export function checkReportMatches(rollout: Rollout, verdict: GateVerdict, report: unknown): void {
  if (typeof report !== 'object' || report === null) return;
  const claimed = report as {
    verdict?: unknown;
    runs?: { candidateModel?: unknown; baselineModel?: unknown };
  };
  if (claimed.verdict !== undefined && claimed.verdict !== verdict) {
    throw new RolloutError(
      'BAD_REQUEST',
      `verdict ${verdict} contradicts the report's ${String(claimed.verdict)}`,
    );
  }
  const runs = claimed.runs;
  const differs = (field: unknown, expected: string) => typeof field === 'string' && field !== expected;
  if (
    runs &&
    (differs(runs.candidateModel, rollout.candidateModel) ||
      differs(runs.baselineModel, rollout.baselineModel))
  ) {
    throw new RolloutError(
      'BAD_REQUEST',
      `the report compares "${String(runs.candidateModel)}" against "${String(runs.baselineModel)}", ` +
        `but rollout ${rollout.id} is "${rollout.candidateModel}" against "${rollout.baselineModel}"`,
    );
  }
}
