/**
 * Self-written grammar-correction prompts of roughly 50 tokens each (system + user), the shape of Redline's
 * production traffic: a short instruction and one sentence with mistakes.
 */
export const SYSTEM_PROMPT =
  'Correct the grammar and spelling of the user text. Reply with the corrected text only.';

export const SAMPLE_SENTENCES: readonly string[] = [
  'Yesterday me and my collegue goes to the office early because we has a important meeting with the new client.',
  'The results of the experiment was suprising, and the team have decided to repeat it next week with more sample.',
  'If you would of told me about the delay, I could have rescheduled the call and informed everyone in advanced.',
  'Their going to announce the winners tomorow, but nobody know exactly which time the ceremony will be starting.',
  'She dont like when people interupts her during presentations, especially when the slides has many numbers.',
  'Each of the students need to submit there essay before friday, otherwise the teacher will not accepting it.',
];

/** max_tokens of every request, or a range spread evenly over the requests (the traffic's output lengths). */
export type MaxTokens = number | { min: number; max: number };

/** The index-th request's max_tokens: a fixed stride through the range visits every value equally often. */
export function maxTokensFor(spec: MaxTokens, index: number): number {
  if (typeof spec === 'number') return spec;
  const span = spec.max - spec.min + 1;
  return spec.min + ((index * 7919) % span);
}

export function chatBody(model: string, index: number, maxTokens: MaxTokens): string {
  return JSON.stringify({
    model,
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: SAMPLE_SENTENCES[index % SAMPLE_SENTENCES.length] },
    ],
    max_tokens: maxTokensFor(maxTokens, index),
    temperature: 0,
    stream: true,
    stream_options: { include_usage: true },
  });
}
