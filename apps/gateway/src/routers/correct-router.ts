import { z } from 'zod';
import { DEFAULT_DIALECT, DIALECTS } from '../correction/prompt.ts';
import { GatewayError, toTRPCError } from '../errors.ts';
import { authedProcedure, router } from '../trpc/init.ts';
import { inCompletionOrder } from './completion-order.ts';

export const MAX_SEGMENT_CHARS = 2000;
export const MAX_SEGMENTS = 50;

export const checkInput = z.object({
  segments: z
    .array(
      z.object({
        id: z.string().min(1).max(128),
        text: z.string().max(MAX_SEGMENT_CHARS),
      }),
    )
    .min(1)
    .max(MAX_SEGMENTS)
    .refine((segments) => new Set(segments.map((s) => s.id)).size === segments.length, {
      message: 'segment ids must be unique',
    }),
  dialect: z.enum(DIALECTS).optional(),
});

export const correctRouter = router({
  /**
   * Streams one result per segment as soon as its correction completes (segments run concurrently).
   * Results are only sent whole, so a failed upstream attempt is retried invisibly to the client.
   */
  check: authedProcedure.input(checkInput).query(async function* ({ input, ctx, signal }) {
    const { rollouts, clock, deadlineMs, usage } = ctx.services;
    const dialect = input.dialect ?? DEFAULT_DIALECT;
    const deadlineAt = clock.now() + deadlineMs;
    // One controller for the whole request: the client leaving, or the first failure, stops every segment.
    const controller = new AbortController();
    const onClientAbort = () => controller.abort(signal?.reason);
    if (signal?.aborted) onClientAbort();
    signal?.addEventListener('abort', onClientAbort, { once: true });
    let inputTokens = 0;
    let outputTokens = 0;
    const startedAt = clock.now();
    const tasks = input.segments.map(async (segment) => {
      // The rollout state picks the pool: serving model, or the candidate for canary keys.
      const result = await rollouts.correctSegment({
        keyId: ctx.principal.keyId,
        text: segment.text,
        dialect,
        signal: controller.signal,
        deadlineAt,
      });
      inputTokens += result.usage.promptTokens;
      outputTokens += result.usage.completionTokens;
      ctx.services.metrics.segmentDuration.observe(
        { cached: String(result.cached) },
        (clock.now() - startedAt) / 1000,
      );
      return { segmentId: segment.id, edits: result.edits, model: result.model, cached: result.cached };
    });
    try {
      yield* inCompletionOrder(tasks);
    } catch (error) {
      throw toTRPCError(error);
    } finally {
      controller.abort(new GatewayError('client_closed', 'request finished'));
      signal?.removeEventListener('abort', onClientAbort);
      usage.record(ctx.principal.keyId, { requests: 1, inputTokens, outputTokens });
    }
  }),
});
