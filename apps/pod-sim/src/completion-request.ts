import type { IncomingHttpHeaders } from 'node:http';
import { badRequest, fromZodError, type HttpError, notFound } from './errors.ts';
import type { GenerationPlan } from './generation.ts';
import { parseDialect } from './harper-corrector.ts';
import { ORCA_REQUEST_HEADER } from './orca.ts';
import { chatCompletionRequestSchema, completionRequestSchema, messageText } from './protocol.ts';
import { requestId } from './request-id.ts';
import { countChatPromptTokens, countTokens } from './tokenizer.ts';

export interface ServedModel {
  readonly name: string;
  readonly maxModelLen: number;
}

const DIALECT_LINE = /^\s*Dialect:\s*([A-Za-z]+)\s*$/im;

/** Validate a /v1/chat/completions or /v1/completions body into a generation plan, or a vLLM-style error. */
export function planRequest(
  kind: 'chat' | 'completion',
  body: unknown,
  headers: IncomingHttpHeaders,
  served: ServedModel,
  arrivedAt: number,
): GenerationPlan | HttpError {
  const common = {
    kind,
    created: Math.floor(Date.now() / 1000),
    orcaFormat: headerValue(headers[ORCA_REQUEST_HEADER]),
    arrivedAt,
  };
  if (kind === 'chat') {
    const parsed = chatCompletionRequestSchema.safeParse(body);
    if (!parsed.success) return fromZodError(parsed.error, 'ChatCompletionRequest');
    const r = parsed.data;
    const modelError = checkModel(r.model, served);
    if (modelError) return modelError;
    const streamError = checkStream(r.stream, r.stream_options, r.n);
    if (streamError) return streamError;
    const messages = r.messages.map((m) => ({ role: m.role, text: messageText(m) }));
    const lastUser = [...messages].reverse().find((m) => m.role === 'user');
    const system = messages
      .filter((m) => m.role === 'system' || m.role === 'developer')
      .map((m) => m.text)
      .join('\n');
    const promptTokens = countChatPromptTokens(messages);
    const maxTokens = resolveMaxTokens(r.max_completion_tokens ?? r.max_tokens, promptTokens, served);
    if (typeof maxTokens !== 'number') return maxTokens;
    return {
      ...common,
      id: requestId('chatcmpl'),
      model: r.model ?? served.name,
      input: lastUser?.text ?? '',
      dialect: parseDialect(DIALECT_LINE.exec(system)?.[1]),
      promptTokens,
      maxTokens,
      stream: r.stream === true,
      includeUsage: r.stream_options?.include_usage === true,
      continuousUsage:
        r.stream_options?.include_usage === true && r.stream_options.continuous_usage_stats === true,
    };
  }
  const parsed = completionRequestSchema.safeParse(body);
  if (!parsed.success) return fromZodError(parsed.error, 'CompletionRequest');
  const r = parsed.data;
  const modelError = checkModel(r.model, served);
  if (modelError) return modelError;
  const streamError = checkStream(r.stream, r.stream_options, r.n);
  if (streamError) return streamError;
  const prompt = typeof r.prompt === 'string' ? r.prompt : (r.prompt[0] ?? '');
  const promptTokens = 1 + countTokens(prompt); // + BOS
  const maxTokens = resolveMaxTokens(r.max_tokens ?? 16, promptTokens, served); // OpenAI/vLLM default: 16
  if (typeof maxTokens !== 'number') return maxTokens;
  return {
    ...common,
    id: requestId('cmpl'),
    model: r.model ?? served.name,
    input: prompt,
    dialect: 'American',
    promptTokens,
    maxTokens,
    stream: r.stream === true,
    includeUsage: r.stream_options?.include_usage === true,
    continuousUsage:
      r.stream_options?.include_usage === true && r.stream_options.continuous_usage_stats === true,
  };
}

const headerValue = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** vLLM answers an unknown model with 404 NotFoundError; an absent model means the served one. */
function checkModel(model: string | null | undefined, served: ServedModel): HttpError | null {
  if (model == null || model === served.name) return null;
  return notFound(`The model \`${model}\` does not exist.`);
}

function checkStream(
  stream: boolean | null | undefined,
  options: unknown,
  n: number | null | undefined,
): HttpError | null {
  if (options != null && stream !== true) {
    return badRequest('Stream options can only be defined when `stream=True`.', 'stream_options');
  }
  if (n != null && n > 1) return badRequest('n > 1 is not supported by this pod (redline pod-sim).', 'n');
  return null;
}

/** vLLM defaults max_tokens to what the context window leaves, and rejects requests that do not fit. */
function resolveMaxTokens(
  requested: number | null | undefined,
  promptTokens: number,
  served: ServedModel,
): number | HttpError {
  const room = served.maxModelLen - promptTokens;
  if (room <= 0) {
    return badRequest(
      `This model's maximum context length is ${served.maxModelLen} tokens. However, your request has ` +
        `${promptTokens} input tokens. Please reduce the length of the input messages.`,
    );
  }
  if (requested == null) return room;
  if (requested > room) {
    return badRequest(
      `'max_tokens' or 'max_completion_tokens' is too large: ${requested}. This model's maximum context length ` +
        `is ${served.maxModelLen} tokens and your request has ${promptTokens} input tokens ` +
        `(${requested} > ${served.maxModelLen} - ${promptTokens}).`,
      'max_tokens',
    );
  }
  return requested;
}
