/**
 * The correction prompt. Bump PROMPT_VERSION whenever the wording changes: it is part of the cache key, so
 * corrections made under an old prompt are never served for the new one.
 */
export const PROMPT_VERSION = 'gec-v1';

export const DIALECTS = ['american', 'british', 'canadian', 'australian'] as const;
export type Dialect = (typeof DIALECTS)[number];
export const DEFAULT_DIALECT: Dialect = 'american';

const DIALECT_LABEL: Record<Dialect, string> = {
  american: 'American',
  british: 'British',
  canadian: 'Canadian',
  australian: 'Australian',
};

const INSTRUCTIONS = [
  'You are Redline, a careful copy editor.',
  "Correct the spelling, grammar, punctuation and word choice of the user's text.",
  'Keep its meaning, tone and formatting, and change as little as possible.',
  'Follow the spelling conventions of the dialect below.',
  'Reply with the corrected text only, without quotes or explanations; if it is already correct, repeat it unchanged.',
].join('\n');

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

/** System message with instructions and the `Dialect:` line the pods read, then the text as the user message. */
export function buildCorrectionMessages(text: string, dialect: Dialect): ChatMessage[] {
  return [
    { role: 'system', content: `${INSTRUCTIONS}\nDialect: ${DIALECT_LABEL[dialect]}` },
    { role: 'user', content: text },
  ];
}

/**
 * Output budget: a correction is about as long as its input (~4 chars per token in English; /3 leaves room
 * for expansion), plus slack for very short texts. Bounds the cost of a runaway generation.
 */
export function maxTokensFor(text: string): number {
  return Math.ceil(text.length / 3) + 16;
}

/** Tokens a correction of `text` is expected to take: about its own length (~4 chars per token in English). */
export function expectedCorrectionTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** The upstream chat completion body for one segment. */
export function buildCorrectionRequest(model: string, text: string, dialect: Dialect) {
  return {
    model,
    messages: buildCorrectionMessages(text, dialect),
    stream: true,
    stream_options: { include_usage: true },
    temperature: 0,
    max_tokens: maxTokensFor(text),
  };
}
