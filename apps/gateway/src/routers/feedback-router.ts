import { FEEDBACK_ACTIONS } from '@redline/db';
import { CATEGORIES, type Category } from '@redline/edits';
import { z } from 'zod';
import { authedProcedure, router } from '../trpc/init.ts';

export const feedbackInput = z.object({
  action: z.enum(FEEDBACK_ACTIONS),
  category: z.enum(CATEGORIES as [Category, ...Category[]]),
  model: z.string().min(1).max(200),
});

export const feedbackRouter = router({
  /** What the user did with a suggestion. Deliberately carries no text: we learn rates, not content. */
  record: authedProcedure.input(feedbackInput).mutation(async ({ input, ctx }) => {
    await ctx.services.db.feedback.record({ keyId: ctx.principal.keyId, ...input });
    return { ok: true as const };
  }),
});
