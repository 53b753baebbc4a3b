import type { GateResult, Rollout, RolloutStage, RolloutTransition } from '@redline/db';
import type { CanarySummary } from './canary-monitor.ts';
import type { ShadowSummary } from './shadow-stats.ts';

/** A rollout as the admin API returns it (dates as ISO strings: the wire has no Date). */
export interface RolloutView {
  id: string;
  candidateModel: string;
  baselineModel: string;
  stage: RolloutStage;
  canaryPercent: number;
  createdAt: string;
  updatedAt: string;
}

export interface TransitionView {
  fromStage: RolloutStage;
  toStage: RolloutStage;
  canaryPercent: number;
  actor: string;
  reason: string;
  at: string;
}

export interface GateView {
  id: number;
  candidateModel: string;
  baselineModel: string;
  verdict: GateResult['verdict'];
  recordedAt: string;
}

export interface RolloutStatus extends RolloutView {
  /** True when this gateway currently shapes correct.check traffic with it (shadow copies or canary keys). */
  drivesTraffic: boolean;
  history: TransitionView[];
  /** Latest gate result for the pair (the one `advance` checks). */
  gate: GateView | null;
  /** This gateway's shadow observations since it started; null if it mirrored nothing. */
  shadow: ShadowSummary | null;
  /** This gateway's canary observations; null if it served no canary request. */
  canary: CanarySummary | null;
}

export function toRolloutView(r: Rollout): RolloutView {
  return {
    id: r.id,
    candidateModel: r.candidateModel,
    baselineModel: r.baselineModel,
    stage: r.stage,
    canaryPercent: r.canaryPercent,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function toTransitionView(t: RolloutTransition): TransitionView {
  return {
    fromStage: t.fromStage,
    toStage: t.toStage,
    canaryPercent: t.canaryPercent,
    actor: t.actor,
    reason: t.reason,
    at: t.at.toISOString(),
  };
}

export function toGateView(g: GateResult): GateView {
  return {
    id: g.id,
    candidateModel: g.candidateModel,
    baselineModel: g.baselineModel,
    verdict: g.verdict,
    recordedAt: g.createdAt.toISOString(),
  };
}
