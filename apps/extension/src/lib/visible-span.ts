/**
 * Which items of a top-to-bottom list reach into a vertical band: two binary searches, so a long list costs
 * O(log n) position reads (each a layout query in the page) instead of one per item. Returns [first, last];
 * the span is empty when first > last.
 */
export function visibleSpan(
  count: number,
  topOf: (i: number) => number,
  bottomOf: (i: number) => number,
  bandTop: number,
  bandBottom: number,
): [number, number] {
  // First item whose bottom reaches the band's top.
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bottomOf(mid) < bandTop) lo = mid + 1;
    else hi = mid;
  }
  const first = lo;
  // Last item whose top is above the band's bottom.
  lo = first - 1;
  hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (topOf(mid) <= bandBottom) lo = mid;
    else hi = mid - 1;
  }
  return [first, lo];
}
