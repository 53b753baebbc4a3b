import { z } from 'zod';

/**
 * What the front door checks before spending a pod on a request. Loose objects: like vLLM, unknown OpenAI
 * fields pass through to the pod untouched; only fields the gateway relies on or bounds are validated here.
 */
const common = {
  model: z.string({ error: 'model is required' }).min(1).max(200),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  max_tokens: z.number().int().min(1).max(32_768).nullish(),
  n: z.literal(1, { error: 'only n=1 is supported' }).nullish(),
};

const message = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string() })), z.null()]).optional(),
});

export const chatCompletionRequest = z.looseObject({
  ...common,
  messages: z.array(message).min(1, 'messages must not be empty').max(256),
  max_completion_tokens: z.number().int().min(1).max(32_768).nullish(),
});

export const completionRequest = z.looseObject({
  ...common,
  prompt: z.union([z.string(), z.array(z.string()).length(1, 'only a single prompt is supported')]),
});

export type ChatCompletionRequest = z.infer<typeof chatCompletionRequest>;
export type CompletionRequest = z.infer<typeof completionRequest>;
