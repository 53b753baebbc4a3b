/**
 * The correction prompt, the same shape the gateway sends upstream (apps/gateway/src/correction/prompt.ts,
 * PROMPT_VERSION gec-v1): instructions + a `Dialect:` line as the system message, the text as the user
 * message. Mirrored rather than imported so the harness does not pull in the gateway app; the version is
 * part of the cache key, so bump both together.
 */
export const PROMPT_VERSION = 'gec-v1';

const INSTRUCTIONS = [
  'You are Redline, a careful copy editor.',
  "Correct the spelling, grammar, punctuation and word choice of the user's text.",
  'Keep its meaning, tone and formatting, and change as little as possible.',
  'Follow the spelling conventions of the dialect below.',
  'Reply with the corrected text only, without quotes or explanations; if it is already correct, repeat it unchanged.',
].join('\n');

export function buildChatRequest(model: string, text: string) {
  return {
    model,
    messages: [
      { role: 'system', content: `${INSTRUCTIONS}\nDialect: American` },
      { role: 'user', content: text },
    ],
    stream: true,
    stream_options: { include_usage: true },
    temperature: 0,
    max_tokens: Math.ceil(text.length / 3) + 16,
  };
}
