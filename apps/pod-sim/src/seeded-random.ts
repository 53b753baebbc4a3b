/** FNV-1a 32-bit hash of a string (UTF-16 units): a stable seed per text. */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32 (the router's seeded random source): deterministic floats in [0, 1). */
export { mulberry32 as seededRandom } from '@redline/router';
