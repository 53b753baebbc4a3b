/** The gateway accepts at most this many segments per correct.check call (MAX_SEGMENTS in its router). */
export const MAX_SEGMENTS_PER_REQUEST = 50;

/**
 * Queries travel in the URL (tRPC GET, batched): keep each request's text small enough that the URL stays
 * well under Node's 16 KiB header limit even after URL-encoding.
 */
export const MAX_CHARS_PER_REQUEST = 3000;

/** Split segments into requests that respect both limits, keeping their order. */
export function batchSegments<T extends { text: string }>(segments: readonly T[]): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let chars = 0;
  for (const s of segments) {
    if (
      current.length > 0 &&
      (current.length >= MAX_SEGMENTS_PER_REQUEST || chars + s.text.length > MAX_CHARS_PER_REQUEST)
    ) {
      batches.push(current);
      current = [];
      chars = 0;
    }
    current.push(s);
    chars += s.text.length;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
