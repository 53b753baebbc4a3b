import type { GoldEdit } from './m2-gold.ts';
import { arcEdit, arcType, type Lattice } from './m2-lattice.ts';

/**
 * The per-annotator half of m2scorer: set_weights (gold-matching arcs weigh −|E|, other non-noop arcs get
 * +ε) and best_edit_seq_bf (Bellman–Ford over the edge list). The lattice is indexed once per sentence so
 * each annotator costs a few typed-array passes, not a rebuild of Python's dictionaries.
 */
export interface PathEdit {
  start: number;
  end: number;
  original: string;
  correction: string;
}

interface Span {
  start: number;
  end: number;
  /** Edge-list indices of the span's arcs, sorted by (from, to) as Python sorts M[k]; duplicates kept. */
  edges: Int32Array;
}

export interface PreparedLattice {
  lattice: Lattice;
  /** Edge-list index → unique arc id (Python keys weights by arc, so listed-twice arcs share one). */
  uid: Int32Array;
  uniqueKeys: number[];
  baseDist: Float64Array;
  noop: Uint8Array;
  from: Int32Array;
  to: Int32Array;
  outgoing: number[][];
  spans: Span[];
  start: number;
}

const EPSILON = 0.001;

export function prepareLattice(lattice: Lattice): PreparedLattice {
  const { vertices, edges, vertexSpace: space, cols } = lattice;
  const position = new Map<number, number>();
  for (let i = 0; i < vertices.length; i++) position.set(vertices[i]!, i);
  const uidOf = new Map<number, number>();
  const uniqueKeys: number[] = [];
  const uid = new Int32Array(edges.length);
  const from = new Int32Array(edges.length);
  const to = new Int32Array(edges.length);
  const outgoing: number[][] = vertices.map(() => []);
  const bySpan = new Map<number, number[]>();
  for (let x = 0; x < edges.length; x++) {
    const key = edges[x]!;
    let id = uidOf.get(key);
    if (id === undefined) {
      id = uniqueKeys.length;
      uidOf.set(key, id);
      uniqueKeys.push(key);
    }
    uid[x] = id;
    const f = Math.floor(key / space);
    const t = key % space;
    from[x] = position.get(f)!;
    to[x] = position.get(t)!;
    outgoing[from[x]!]!.push(x);
    const spanKey = Math.floor(f / cols) * 65536 + Math.floor(t / cols);
    const list = bySpan.get(spanKey);
    if (list === undefined) bySpan.set(spanKey, [x]);
    else list.push(x);
  }
  const spans: Span[] = [...bySpan].map(([k, list]) => ({
    start: Math.floor(k / 65536),
    end: k % 65536,
    edges: Int32Array.from(list.sort((a, b) => edges[a]! - edges[b]!)),
  }));
  return {
    lattice,
    uid,
    uniqueKeys,
    baseDist: Float64Array.from(uniqueKeys, (k) => lattice.dist.get(k)!),
    noop: Uint8Array.from(uniqueKeys, (k) => (arcType(lattice, k) === 'noop' ? 1 : 0)),
    from,
    to,
    outgoing,
    spans,
    start: position.get(0)!,
  };
}

export function matches(edit: PathEdit, gold: GoldEdit): boolean {
  return (
    edit.start === gold.start &&
    edit.end === gold.end &&
    edit.original === gold.original &&
    gold.corrections.includes(edit.correction)
  );
}

/** set_weights for one annotator: weights per unique arc. */
export function setWeights(p: PreparedLattice, gold: GoldEdit[]): Float64Array {
  const weights = p.baseDist.slice();
  const goldWeight = -p.lattice.edges.length;
  const goldBySpan = new Map<number, GoldEdit[]>();
  for (const g of gold) {
    const k = g.start * 65536 + g.end;
    const list = goldBySpan.get(k);
    if (list === undefined) goldBySpan.set(k, [g]);
    else list.push(g);
  }
  const bump = (x: number) => {
    weights[p.uid[x]!]! += EPSILON;
  };
  const isGold = (x: number, g: GoldEdit) => matches(arcEdit(p.lattice, p.uniqueKeys[p.uid[x]!]!), g);
  for (const span of p.spans) {
    const m = span.edges;
    const g = goldBySpan.get(span.start * 65536 + span.end);
    if (g === undefined) {
      // No gold here: every arc is visited once by either branch below, so each non-noop arc gets +ε.
      for (const x of m) if (!p.noop[p.uid[x]!]) bump(x);
      continue;
    }
    if (span.start !== span.end) {
      for (const x of m) {
        if (g.some((goldEdit) => isGold(x, goldEdit))) weights[p.uid[x]!] = goldWeight;
        else if (!p.noop[p.uid[x]!]) bump(x);
      }
      continue;
    }
    // Insertions: m2scorer walks the sorted arcs from both ends, consuming gold edits in order.
    let lptr = 0;
    let rptr = m.length - 1;
    let cur = lptr;
    let gl = 0;
    let gr = g.length - 1;
    while (lptr <= rptr) {
      const x = m[cur]!;
      const fromLeft = cur === lptr;
      let hit = false;
      for (let step = 0; step <= gr - gl; step++) {
        const i = fromLeft ? gl + step : gr - step;
        if (isGold(x, g[i]!)) {
          hit = true;
          weights[p.uid[x]!] = goldWeight;
          if (fromLeft) gl = i + 1;
          else gr = i - 1;
          break;
        }
      }
      if (!hit) bump(x);
      if (hit) {
        if (fromLeft) {
          lptr++;
          while (lptr < m.length && p.from[m[lptr]!] !== p.to[x]) bump(m[lptr++]!);
          cur = lptr;
        } else {
          rptr--;
          while (rptr >= 0 && p.to[m[rptr]!] !== p.from[x]) bump(m[rptr--]!);
          cur = rptr;
        }
      } else if (fromLeft) {
        lptr++;
        cur = rptr;
      } else {
        rptr--;
        cur = lptr;
      }
    }
  }
  return weights;
}

/**
 * best_edit_seq_bf: Bellman–Ford scanning the edge list in order, pass after pass, keeping the first
 * relaxation on ties. Simulated exactly but event-driven: an edge is examined only when its source got
 * closer since it was last examined (otherwise the scan could not change anything), at the same point of
 * the same pass as the full scan would reach it.
 */
export function bestEditSequence(p: PreparedLattice, weights: Float64Array): PathEdit[] {
  const { lattice, from, to, uid, outgoing } = p;
  const { vertices, vertexSpace: space } = lattice;
  const edgeCount = from.length;
  const distance = new Float64Array(vertices.length).fill(Number.POSITIVE_INFINITY);
  const path = new Int32Array(vertices.length).fill(-1);
  distance[p.start] = 0;
  const queuedInPass = new Int32Array(edgeCount).fill(-1);
  let current = new MinHeap();
  let next: number[] = [];
  for (const x of outgoing[p.start]!) {
    current.push(x);
    queuedInPass[x] = 0;
  }
  for (let pass = 0; pass < vertices.length - 1 && current.size > 0; pass++) {
    while (current.size > 0) {
      const x = current.pop();
      const candidate = distance[from[x]!]! + weights[uid[x]!]!;
      const target = to[x]!;
      if (!(candidate < distance[target]!)) continue;
      distance[target] = candidate;
      path[target] = from[x]!;
      for (const y of outgoing[target]!) {
        const due = y > x ? pass : pass + 1;
        if (queuedInPass[y]! >= due) continue;
        queuedInPass[y] = due;
        if (due === pass) current.push(y);
        else next.push(y);
      }
    }
    current = MinHeap.from(next);
    next = [];
  }
  const seq: PathEdit[] = [];
  let v = vertices.length - 1;
  while (path[v]! >= 0) {
    const prev = path[v]!;
    const edge = vertices[prev]! * space + vertices[v]!;
    if (arcType(lattice, edge) !== 'noop') {
      const { start, end, original, correction } = arcEdit(lattice, edge);
      seq.push({ start, end, original, correction });
    }
    v = prev;
  }
  return seq.reverse();
}

/** Binary min-heap of edge positions. */
class MinHeap {
  private readonly items: number[] = [];

  static from(values: number[]): MinHeap {
    const heap = new MinHeap();
    for (const v of values) heap.push(v);
    return heap;
  }

  get size(): number {
    return this.items.length;
  }

  push(value: number): void {
    const a = this.items;
    a.push(value);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent]! <= value) break;
      a[i] = a[parent]!;
      i = parent;
    }
    a[i] = value;
  }

  pop(): number {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const c = r < a.length && a[r]! < a[l]! ? r : l;
        if (a[c]! >= last) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}
