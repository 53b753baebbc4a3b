import { initTRPC, TRPCError } from '@trpc/server';
import { isAdminToken } from '../auth/admin-token.ts';
import type { Principal } from '../auth/key-verifier.ts';
import type { Context } from './context.ts';
import { instrumentProcedure } from './instrument.ts';
import { formatValidationIssues, validationIssuesOf } from './validation-issues.ts';

const t = initTRPC.context<Context>().create({
  // Never ship stack traces to clients, whatever NODE_ENV says.
  isDev: false,
  errorFormatter({ shape, error }) {
    const issues = validationIssuesOf(error.cause);
    if (!issues) return shape;
    return {
      ...shape,
      message: formatValidationIssues(issues),
      data: { ...shape.data, issues: issues.map((i) => ({ path: i.path, message: i.message })) },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const instrumented = t.middleware(async ({ ctx, path, next }) =>
  instrumentProcedure(ctx.services.metrics, path, next),
);

export const publicProcedure = t.procedure.use(instrumented);

/** Requires `Authorization: Bearer <api key>`; adds the key's principal to the context. */
export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const principal = await verifyApiKey(
    ctx.token,
    ctx.services.keyVerifier.verify.bind(ctx.services.keyVerifier),
  );
  return next({ ctx: { principal } });
});

/** Requires the admin token (REDLINE_ADMIN_TOKEN); a valid API key that is not the admin token is FORBIDDEN. */
export const adminProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (!ctx.token) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'missing bearer token' });
  if (!ctx.services.adminToken) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: 'key management is disabled (REDLINE_ADMIN_TOKEN unset)',
    });
  }
  if (!isAdminToken(ctx.token, ctx.services.adminToken)) {
    const principal = await ctx.services.keyVerifier.verify(ctx.token);
    if (!principal) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'invalid token' });
    throw new TRPCError({ code: 'FORBIDDEN', message: 'this operation needs the admin token' });
  }
  return next();
});

async function verifyApiKey(
  token: string | undefined,
  verify: (key: string) => Promise<Principal | null>,
): Promise<Principal> {
  if (!token)
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'missing API key (Authorization: Bearer <key>)' });
  const principal = await verify(token);
  if (!principal) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'invalid or revoked API key' });
  return principal;
}
