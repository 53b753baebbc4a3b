import { asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db-types.ts';
import { DatabaseError } from '../errors.ts';
import { ROLLOUT_STAGES, type RolloutStage, rollouts, rolloutTransitions } from '../schema/index.ts';
import { isUuid, requireOneOf, requireText } from './validation.ts';

export interface Rollout {
  id: string;
  candidateModel: string;
  baselineModel: string;
  stage: RolloutStage;
  canaryPercent: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface RolloutTransition {
  id: number;
  rolloutId: string;
  fromStage: RolloutStage;
  toStage: RolloutStage;
  canaryPercent: number;
  actor: string;
  reason: string;
  at: Date;
}

export interface TransitionInput {
  to: RolloutStage;
  actor: string;
  reason: string;
  /** Share of traffic (1–100) the candidate serves in canary; required when entering canary. */
  canaryPercent?: number;
}

export interface RolloutsRepository {
  /** New rollout in stage 'shadow' (candidate sees mirrored traffic, serves none). */
  create(input: { candidate: string; baseline: string }): Promise<Rollout>;
  get(id: string): Promise<Rollout | null>;
  /** Rollouts still in progress (shadow or canary), newest first. */
  active(): Promise<Rollout[]>;
  /**
   * Move a rollout to another stage, recording who and why in rollout_transitions in the same
   * transaction (row-locked, so concurrent transitions serialise). Throws DatabaseError NOT_FOUND /
   * INVALID_TRANSITION / BAD_INPUT.
   */
  transition(id: string, input: TransitionInput): Promise<Rollout>;
  /** Transitions of a rollout, oldest first. */
  history(id: string): Promise<RolloutTransition[]>;
}

/**
 * Allowed stage moves. canary → canary changes the traffic share; canary → shadow backs off without
 * giving up. promoted and rolled-back are final: a new attempt is a new rollout.
 */
export const ALLOWED_TRANSITIONS: Readonly<Record<RolloutStage, readonly RolloutStage[]>> = {
  shadow: ['canary', 'rolled-back'],
  canary: ['canary', 'shadow', 'promoted', 'rolled-back'],
  promoted: [],
  'rolled-back': [],
};

export const ACTIVE_STAGES: readonly RolloutStage[] = ['shadow', 'canary'];

/** Traffic share implied by the target stage (only canary takes a caller-chosen value). */
function canaryPercentFor(from: Rollout, input: TransitionInput): number {
  switch (input.to) {
    case 'shadow':
    case 'rolled-back':
      return 0;
    case 'promoted':
      return 100;
    case 'canary': {
      const percent = input.canaryPercent ?? (from.stage === 'canary' ? from.canaryPercent : undefined);
      if (percent === undefined || !Number.isInteger(percent) || percent < 1 || percent > 100) {
        throw new DatabaseError('BAD_INPUT', 'canaryPercent must be an integer from 1 to 100 for canary');
      }
      return percent;
    }
  }
}

export function createRolloutsRepository(db: Db): RolloutsRepository {
  return {
    async create({ candidate, baseline }) {
      requireText('candidate', candidate);
      requireText('baseline', baseline);
      if (candidate === baseline) throw new DatabaseError('BAD_INPUT', 'candidate and baseline must differ');
      const [row] = await db
        .insert(rollouts)
        .values({ candidateModel: candidate, baselineModel: baseline, stage: 'shadow', canaryPercent: 0 })
        .returning();
      if (row === undefined) throw new Error('insert into rollouts returned no row');
      return row;
    },

    async get(id) {
      if (!isUuid(id)) return null;
      const [row] = await db.select().from(rollouts).where(eq(rollouts.id, id)).limit(1);
      return row ?? null;
    },

    async active() {
      return db
        .select()
        .from(rollouts)
        .where(inArray(rollouts.stage, [...ACTIVE_STAGES]))
        .orderBy(desc(rollouts.createdAt), desc(rollouts.id));
    },

    async transition(id, input) {
      const to = requireOneOf('to', input.to, ROLLOUT_STAGES);
      const actor = requireText('actor', input.actor);
      const reason = requireText('reason', input.reason, 2000);
      if (!isUuid(id)) throw new DatabaseError('NOT_FOUND', `rollout ${id} not found`);
      return db.transaction(async (tx) => {
        const [current] = await tx.select().from(rollouts).where(eq(rollouts.id, id)).for('update');
        if (current === undefined) throw new DatabaseError('NOT_FOUND', `rollout ${id} not found`);
        if (!ALLOWED_TRANSITIONS[current.stage].includes(to)) {
          throw new DatabaseError(
            'INVALID_TRANSITION',
            `rollout ${id} cannot go from ${current.stage} to ${to}`,
          );
        }
        const canaryPercent = canaryPercentFor(current, { ...input, to });
        const [updated] = await tx
          .update(rollouts)
          .set({ stage: to, canaryPercent, updatedAt: sql`now()` })
          .where(eq(rollouts.id, id))
          .returning();
        if (updated === undefined) throw new Error('update of rollouts returned no row');
        await tx
          .insert(rolloutTransitions)
          .values({ rolloutId: id, fromStage: current.stage, toStage: to, canaryPercent, actor, reason });
        return updated;
      });
    },

    async history(id) {
      if (!isUuid(id)) return [];
      return db
        .select()
        .from(rolloutTransitions)
        .where(eq(rolloutTransitions.rolloutId, id))
        .orderBy(asc(rolloutTransitions.id));
    },
  };
}
