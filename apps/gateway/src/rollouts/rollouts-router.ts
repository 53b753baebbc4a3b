import { GATE_VERDICTS } from '@redline/db';
import { z } from 'zod';
import { adminProcedure, router } from '../trpc/init.ts';
import { toRolloutTRPCError } from './rollout-errors.ts';

const model = z.string().trim().min(1).max(200);
const rolloutId = z.string().trim().min(1).max(100);
const reason = z.string().trim().min(1).max(2000);
/** Who is acting, as the operator names themself (the admin token is shared); stored as "admin:<name>". */
const actor = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\w.@-]+$/, 'actor: letters, digits, _ . @ - only')
  .optional();
/** A gate report is stored as JSONB: cap what an admin call may push into the database. */
const MAX_REPORT_CHARS = 1_000_000;
const report = z.unknown().refine((value) => (JSON.stringify(value) ?? '').length <= MAX_REPORT_CHARS, {
  message: `report must serialise to at most ${MAX_REPORT_CHARS} characters`,
});

const adminActor = (name: string | undefined) => (name ? `admin:${name}` : 'admin');

async function run<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toRolloutTRPCError(error);
  }
}

/** Admin procedures driving model rollouts (used by `redline-eval rollout …`). All need the admin token. */
export const rolloutsRouter = router({
  /** Start a rollout in shadow. PRECONDITION_FAILED if a model has no pool or baseline is not serving. */
  start: adminProcedure
    .input(z.object({ candidate: model, baseline: model }))
    .mutation(({ input, ctx }) => run(() => ctx.services.rollouts.start(input))),

  /** Record the eval gate's verdict (and its gate.json report) for the rollout's candidate vs baseline. */
  recordGate: adminProcedure
    .input(z.object({ rolloutId, verdict: z.enum(GATE_VERDICTS), report }))
    .mutation(({ input, ctx }) => run(() => ctx.services.rollouts.recordGate(input))),

  /**
   * shadow → canary (needs a PASS gate: else PRECONDITION_FAILED), canary → next step, last step → promoted.
   * `percent` picks the canary share instead of the next configured step (from canary, 100 promotes).
   */
  advance: adminProcedure
    .input(z.object({ id: rolloutId, reason, percent: z.number().int().min(1).max(100).optional(), actor }))
    .mutation(({ input, ctx }) =>
      run(() =>
        ctx.services.rollouts.advance({
          id: input.id,
          reason: input.reason,
          percent: input.percent,
          actor: adminActor(input.actor),
        }),
      ),
    ),

  /** Everyone back on the baseline. */
  rollback: adminProcedure.input(z.object({ id: rolloutId, reason, actor })).mutation(({ input, ctx }) =>
    run(() =>
      ctx.services.rollouts.rollback({
        id: input.id,
        reason: input.reason,
        actor: adminActor(input.actor),
      }),
    ),
  ),

  /** The serving model and one rollout (id) or the active ones, with history, gate, shadow and canary figures. */
  status: adminProcedure
    .input(z.object({ id: rolloutId.optional() }).optional())
    .query(({ input, ctx }) => run(() => ctx.services.rollouts.status({ id: input?.id }))),
});
