/**
 * A changed region between two sequences: a[aStart, aEnd) was replaced by b[bStart, bEnd).
 * Everything between consecutive hunks is equal.
 */
export interface Hunk {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

/**
 * Myers costs O((N+M)·D) time and O(D²) memory for the trace. Past this many steps (≈ 2 ms) the texts
 * are mostly unrelated, so the diff switches to patience anchoring (tokens unique in both sides, kept
 * in order) and recurses between anchors; with no anchor left the region becomes one hunk.
 */
const STEP_BUDGET = 400_000;
const MIN_D = 64;
const MAX_PATIENCE_DEPTH = 6;

/**
 * Shortest-edit-script diff over integer sequences (tokens interned to ids): Myers' O(ND) algorithm,
 * after trimming the common prefix/suffix (most of a corrected text is unchanged), with a patience
 * fallback for heavily rewritten regions. Returns the changed hunks in order.
 */
export function diffSequences(a: ArrayLike<number>, b: ArrayLike<number>): Hunk[] {
  const hunks: Hunk[] = [];
  diffRange(a, b, 0, a.length, 0, b.length, 0, hunks);
  return hunks;
}

function diffRange(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  a0: number,
  a1: number,
  b0: number,
  b1: number,
  depth: number,
  out: Hunk[],
): void {
  while (a0 < a1 && b0 < b1 && a[a0] === b[b0]) {
    a0++;
    b0++;
  }
  while (a1 > a0 && b1 > b0 && a[a1 - 1] === b[b1 - 1]) {
    a1--;
    b1--;
  }
  if (a0 === a1 && b0 === b1) return;
  if (a0 === a1 || b0 === b1) {
    out.push({ aStart: a0, aEnd: a1, bStart: b0, bEnd: b1 });
    return;
  }
  const maxD = Math.max(MIN_D, Math.floor(STEP_BUDGET / (a1 - a0 + b1 - b0)));
  const snakes = middleSnakes(a, b, a0, a1, b0, b1, maxD);
  if (snakes !== null) {
    out.push(...gapsBetween(snakes, a0, a1, b0, b1));
    return;
  }
  const anchors = depth < MAX_PATIENCE_DEPTH ? patienceAnchors(a, b, a0, a1, b0, b1) : [];
  if (anchors.length === 0) {
    out.push({ aStart: a0, aEnd: a1, bStart: b0, bEnd: b1 });
    return;
  }
  let x = a0;
  let y = b0;
  for (const [ax, by] of anchors) {
    diffRange(a, b, x, ax, y, by, depth + 1, out);
    x = ax + 1;
    y = by + 1;
  }
  diffRange(a, b, x, a1, y, b1, depth + 1, out);
}

/**
 * Patience diff anchors: values occurring exactly once in a[a0,a1) and once in b[b0,b1), reduced to
 * the longest run increasing in both (longest increasing subsequence by patience sorting).
 */
function patienceAnchors(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  a0: number,
  a1: number,
  b0: number,
  b1: number,
): [number, number][] {
  const countA = new Map<number, number>();
  for (let i = a0; i < a1; i++) countA.set(a[i] as number, (countA.get(a[i] as number) ?? 0) + 1);
  const inB = new Map<number, number>();
  for (let j = b0; j < b1; j++) {
    const v = b[j] as number;
    if (countA.get(v) === 1) inB.set(v, inB.has(v) ? -1 : j);
  }
  const pairs: [number, number][] = [];
  for (let i = a0; i < a1; i++) {
    const j = inB.get(a[i] as number);
    if (j !== undefined && j >= 0) pairs.push([i, j]);
  }
  // LIS over b-positions (pairs are already sorted by a-position).
  const tails: number[] = [];
  const previous = new Int32Array(pairs.length).fill(-1);
  for (let p = 0; p < pairs.length; p++) {
    const j = (pairs[p] as [number, number])[1];
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((pairs[tails[mid] as number] as [number, number])[1] < j) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[p] = tails[lo - 1] as number;
    tails[lo] = p;
  }
  const anchors: [number, number][] = [];
  for (
    let p = tails.length > 0 ? (tails[tails.length - 1] as number) : -1;
    p >= 0;
    p = previous[p] as number
  ) {
    anchors.push(pairs[p] as [number, number]);
  }
  return anchors.reverse();
}

/** Equal run: a[x, x+len) === b[y, y+len). */
interface Snake {
  x: number;
  y: number;
  len: number;
}

function middleSnakes(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  a0: number,
  a1: number,
  b0: number,
  b1: number,
  maxD: number,
): Snake[] | null {
  const n = a1 - a0;
  const m = b1 - b0;
  const max = Math.min(n + m, maxD);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  v[offset + 1] = 0;
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    // Snapshot of V for k in [-d, d] as it was before round d: the backtrack needs exactly that.
    trace.push(v.slice(offset - d, offset + d + 1));
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number))) {
        x = v[offset + k + 1] as number;
      } else {
        x = (v[offset + k - 1] as number) + 1;
      }
      let y = x - k;
      while (x < n && y < m && a[a0 + x] === b[b0 + y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return null;

  const snakes: Snake[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const snapshot = trace[d] as Int32Array;
    const at = (k: number): number => snapshot[k + d] as number;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    // The diagonal run after the single insert/delete step from (prevX, prevY).
    const stepX = prevK === k + 1 ? prevX : prevX + 1;
    const len = x - stepX;
    if (len > 0) snakes.push({ x: a0 + stepX, y: b0 + (y - len), len });
    x = prevX;
    y = prevY;
  }
  if (x > 0) snakes.push({ x: a0, y: b0, len: x });
  return snakes.reverse();
}

function gapsBetween(snakes: readonly Snake[], a0: number, a1: number, b0: number, b1: number): Hunk[] {
  const hunks: Hunk[] = [];
  let x = a0;
  let y = b0;
  for (const s of snakes) {
    if (s.x > x || s.y > y) hunks.push({ aStart: x, aEnd: s.x, bStart: y, bEnd: s.y });
    x = s.x + s.len;
    y = s.y + s.len;
  }
  if (a1 > x || b1 > y) hunks.push({ aStart: x, aEnd: a1, bStart: y, bEnd: b1 });
  return hunks;
}
