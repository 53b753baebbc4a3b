import { z } from 'zod';

/**
 * The subset of vLLM's OpenAI-compatible request models (vllm/entrypoints/openai/protocol.py) the pod
 * honours. Like vLLM (pydantic `extra="allow"`), unknown fields are accepted and ignored.
 */
const textPart = z.looseObject({ type: z.literal('text'), text: z.string() });
const otherPart = z.looseObject({ type: z.string() });
const messageContent = z.union([z.string(), z.array(z.union([textPart, otherPart])), z.null()]);

export const chatMessageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: messageContent.optional(),
  name: z.string().optional(),
});

const maxTokens = z.number().int().min(1).nullable().optional();

const streamOptions = z
  .looseObject({
    include_usage: z.boolean().nullable().optional(),
    continuous_usage_stats: z.boolean().nullable().optional(),
  })
  .nullable()
  .optional();

const common = {
  model: z.string().nullable().optional(),
  max_tokens: maxTokens,
  stream: z.boolean().nullable().optional(),
  stream_options: streamOptions,
  n: z.number().int().min(1).nullable().optional(),
  temperature: z.number().min(0).nullable().optional(),
  top_p: z.number().gt(0).max(1).nullable().optional(),
  seed: z.number().int().nullable().optional(),
  stop: z
    .union([z.string(), z.array(z.string())])
    .nullable()
    .optional(),
  user: z.string().nullable().optional(),
};

export const chatCompletionRequestSchema = z.looseObject({
  ...common,
  messages: z.array(chatMessageSchema).min(1),
  max_completion_tokens: maxTokens,
});

export const completionRequestSchema = z.looseObject({
  ...common,
  prompt: z.union([z.string(), z.array(z.string()).min(1).max(1)]),
  echo: z.boolean().nullable().optional(),
});

export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;
export type CompletionRequest = z.infer<typeof completionRequestSchema>;
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** Text of a message: a string, or the text parts of a content array joined with newlines. */
export function messageText(message: ChatMessage): string {
  const c = message.content;
  if (typeof c === 'string') return c;
  if (!c) return '';
  const texts: string[] = [];
  for (const part of c) if (part.type === 'text' && typeof part.text === 'string') texts.push(part.text);
  return texts.join('\n');
}

export interface UsageInfo {
  prompt_tokens: number;
  total_tokens: number;
  completion_tokens: number;
  prompt_tokens_details: null;
}

export const usageInfo = (prompt: number, completion: number): UsageInfo => ({
  prompt_tokens: prompt,
  total_tokens: prompt + completion,
  completion_tokens: completion,
  prompt_tokens_details: null,
});
