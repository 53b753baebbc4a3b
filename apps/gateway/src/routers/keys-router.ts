import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { adminProcedure, router } from '../trpc/init.ts';

export const keysRouter = router({
  /** Create an API key. The full key is returned once, here; only its hash is stored. */
  create: adminProcedure
    .input(z.object({ name: z.string().trim().min(1).max(100) }))
    .mutation(async ({ input, ctx }) => {
      const created = await ctx.services.db.apiKeys.create({ name: input.name });
      // A client may have tried this key before it existed: forget "invalid" verdicts.
      ctx.services.keyVerifier.clearNegative();
      return created;
    }),

  list: adminProcedure.query(async ({ ctx }) => ctx.services.db.apiKeys.list()),

  /** Revoke a key: effective at once on this gateway, within the verification TTL on the others. */
  revoke: adminProcedure
    .input(z.object({ id: z.string().min(1).max(100) }))
    .mutation(async ({ input, ctx }) => {
      const revoked = await ctx.services.db.apiKeys.revoke(input.id);
      ctx.services.keyVerifier.forgetKeyId(input.id);
      if (revoked === false)
        throw new TRPCError({ code: 'NOT_FOUND', message: `no key with id "${input.id}"` });
      return { id: input.id, revoked: true as const };
    }),
});
