import { rolloutsRouter } from './rollouts/rollouts-router.ts';
import { correctRouter } from './routers/correct-router.ts';
import { feedbackRouter } from './routers/feedback-router.ts';
import { keysRouter } from './routers/keys-router.ts';
import { router } from './trpc/init.ts';

export const appRouter = router({
  correct: correctRouter,
  feedback: feedbackRouter,
  keys: keysRouter,
  rollouts: rolloutsRouter,
});

/** The API's type, imported type-only by @redline/client (no server code reaches a client bundle). */
export type AppRouter = typeof appRouter;
