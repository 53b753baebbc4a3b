/**
 * Deterministic approximate tokenizer (~4 characters per token on English, like a BPE vocabulary):
 * a word piece of up to 6 letters/digits with an optional leading space, one other symbol with an optional
 * leading space, or a whitespace run. Lossless: the pieces concatenate back to the input, so a stream of
 * pieces reproduces the text exactly.
 */
const PIECE = /( ?[\p{L}\p{M}\p{N}]{1,6})|( ?[^\s\p{L}\p{M}\p{N}])|(\s+)/gu;

export function tokenize(text: string): string[] {
  return text.match(PIECE) ?? [];
}

export function countTokens(text: string): number {
  let n = 0;
  PIECE.lastIndex = 0;
  while (PIECE.exec(text) !== null) n++;
  return n;
}

/**
 * Llama-3 chat template overhead: BOS, then per message `<|start_header_id|>role<|end_header_id|>\n\n`
 * and `<|eot_id|>` (~5 tokens), then the assistant header that opens the generation (~4 tokens).
 */
export function countChatPromptTokens(messages: readonly { role: string; text: string }[]): number {
  let n = 1 + 4;
  for (const m of messages) n += 5 + countTokens(m.text);
  return n;
}
