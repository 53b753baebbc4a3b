/**
 * How many tokens each benchmark request asks for (max_tokens; the echo pods answer exactly that many). Real
 * corrections are as long as the sentences they fix, and sentences vary: a router that sends every request as
 * if it were the same length is not tested by identical requests, where spacing them evenly (round-robin) is
 * already the best any router can do.
 */

export interface LengthRange {
  min: number;
  max: number;
}

export class LengthRangeError extends Error {
  constructor(text: string) {
    super(`bad --max-tokens "${text}": use N or MIN-MAX (whole tokens, 1 <= MIN <= MAX)`);
    this.name = 'LengthRangeError';
  }
}

/** "16" (every request the same) or "6-26" (uniform over the whole numbers from 6 to 26). */
export function parseLengthRange(text: string): LengthRange {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!match) throw new LengthRangeError(text);
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  if (min < 1 || max < min) throw new LengthRangeError(text);
  return { min, max };
}

/** One length drawn uniformly from the range. */
export function drawLength(range: LengthRange, random: () => number): number {
  return range.min + Math.floor(random() * (range.max - range.min + 1));
}

/** A length for each of `count` requests. */
export function drawLengths(range: LengthRange, count: number, random: () => number): number[] {
  return Array.from({ length: count }, () => drawLength(range, random));
}

export function formatLengthRange(range: LengthRange): string {
  return range.min === range.max ? String(range.min) : `${range.min}-${range.max}`;
}
