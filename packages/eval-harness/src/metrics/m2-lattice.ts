/**
 * m2scorer 3.2's edit lattice (scripts/levenshtein.py): two Levenshtein matrices (substitution cost 1
 * and 2) → the union of their optimal-alignment graphs → transitive arcs merging adjacent edits with at
 * most `maxUnchangedWords` unchanged words. Ported step for step, including the orders that decide
 * ties later (sorted edge list with duplicates, Floyd–Warshall-style loop order) and the quirk of the
 * noop-arc removal loop (Python skips the element after each removal while iterating a list).
 *
 * An arc from vertex (i1, j1) to (i2, j2) always edits source tokens [i1, i2) into hypothesis tokens
 * [j1, j2) (merge_edits concatenates exactly those), so arcs store only their type and unchanged-word
 * count; the strings are rebuilt on demand. That keeps long sentences from drowning in garbage.
 */

import { listFor } from './list-map.ts';

export type EditType = 'ins' | 'del' | 'sub' | 'noop';
const TYPES: readonly EditType[] = ['ins', 'del', 'sub', 'noop'];
const INS = 0;
const DEL = 1;
const SUB = 2;
const NOOP = 3;

export interface LatticeEdit {
  type: EditType;
  start: number;
  end: number;
  original: string;
  correction: string;
  unchanged: number;
}

export interface Lattice {
  source: string[];
  hypothesis: string[];
  /** Vertex ids (i*cols+j), sorted — the order of Python's sorted list of (i, j) tuples. */
  vertices: number[];
  /** Edge keys (from*vertexSpace+to) in m2scorer's list order, duplicates included. */
  edges: number[];
  /** Hop count of each arc (m2scorer's `dist` before weighting). */
  dist: Map<number, number>;
  /** Arc code: unchanged*4 + type index. */
  codes: Map<number, number>;
  vertexSpace: number;
  cols: number;
}

export class LatticeBudgetError extends Error {
  override readonly name = 'LatticeBudgetError';
}

export interface LatticeBudget {
  /** Stop (throw LatticeBudgetError) once this many arc compositions were tried. */
  maxWork: number;
}

export function arcType(lattice: Lattice, edge: number): EditType {
  return TYPES[(lattice.codes.get(edge) ?? 0) & 3]!;
}

/** The edit an arc stands for, with the strings m2scorer would have built for it. */
export function arcEdit(lattice: Lattice, edge: number): LatticeEdit {
  const code = lattice.codes.get(edge);
  if (code === undefined) throw new RangeError(`no arc ${edge}`);
  const from = Math.floor(edge / lattice.vertexSpace);
  const to = edge % lattice.vertexSpace;
  const i1 = Math.floor(from / lattice.cols);
  const i2 = Math.floor(to / lattice.cols);
  return {
    type: TYPES[code & 3]!,
    start: i1,
    end: i2,
    original: lattice.source.slice(i1, i2).join(' '),
    correction: lattice.hypothesis.slice(from % lattice.cols, to % lattice.cols).join(' '),
    unchanged: code >> 2,
  };
}

function addLevenshteinGraph(
  first: string[],
  second: string[],
  costSub: number,
  lattice: Lattice,
  seen: Set<number>,
): void {
  const { cols, vertexSpace, edges, codes } = lattice;
  const rows = first.length + 1;
  const d = new Float64Array(rows * cols);
  for (let i = 1; i < rows; i++) d[i * cols] = i;
  for (let j = 1; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const del = d[(i - 1) * cols + j]! + 1;
      const ins = d[i * cols + j - 1]! + 1;
      const sub = d[(i - 1) * cols + j - 1]! + (first[i - 1] === second[j - 1] ? 0 : costSub);
      d[i * cols + j] = Math.min(sub, del, ins);
    }
  }
  // edit_graph: each vertex reachable backwards from (n, m) contributes its backpointer arcs once;
  // backpointers of (i, j) are the diagonal, the deletion and the insertion that achieve the minimum.
  const startVertex = first.length * cols + second.length;
  const visited = new Set<number>([startVertex]);
  const stack = [startVertex];
  const add = (prev: number, v: number, code: number) => {
    const key = prev * vertexSpace + v;
    edges.push(key);
    if (!codes.has(key)) codes.set(key, code);
    if (!visited.has(prev)) {
      visited.add(prev);
      stack.push(prev);
    }
  };
  while (stack.length > 0) {
    const v = stack.pop()!;
    seen.add(v);
    const i = Math.floor(v / cols);
    const j = v % cols;
    if (i === 0 && j === 0) continue;
    if (j === 0) {
      add(v - cols, v, DEL);
      continue;
    }
    if (i === 0) {
      add(v - 1, v, INS);
      continue;
    }
    const here = d[v]!;
    const same = first[i - 1] === second[j - 1];
    if (d[v - cols - 1]! + (same ? 0 : costSub) === here) add(v - cols - 1, v, same ? 4 + NOOP : SUB);
    if (d[v - cols]! + 1 === here) add(v - cols, v, DEL);
    if (d[v - 1]! + 1 === here) add(v - 1, v, INS);
  }
}

/** Type of merge_edits(e1, e2): ins+ins → ins, del+del → del, noop+noop → noop, anything else → sub. */
function mergedType(t1: number, t2: number): number {
  return t1 === t2 ? t1 : SUB;
}

/** Build the merged lattice with transitive arcs for one sentence pair. */
export function buildLattice(
  source: string[],
  hypothesis: string[],
  maxUnchangedWords: number,
  budget: LatticeBudget = { maxWork: Number.POSITIVE_INFINITY },
): Lattice {
  const cols = hypothesis.length + 1;
  const lattice: Lattice = {
    source,
    hypothesis,
    vertices: [],
    edges: [],
    dist: new Map(),
    codes: new Map(),
    vertexSpace: (source.length + 1) * cols,
    cols,
  };
  const seen = new Set<number>();
  addLevenshteinGraph(source, hypothesis, 1, lattice, seen);
  addLevenshteinGraph(source, hypothesis, 2, lattice, seen);
  // merge_graph: E = sorted(E1 + E2) (its `e not in V` test never filters, so shared arcs repeat).
  lattice.edges.sort((a, b) => a - b);
  lattice.vertices = [...seen].sort((a, b) => a - b);
  for (const e of lattice.edges) lattice.dist.set(e, 1);
  addTransitiveArcs(lattice, maxUnchangedWords, budget);
  removeNoopArcs(lattice);
  return lattice;
}

function addTransitiveArcs(lattice: Lattice, maxUnchanged: number, budget: LatticeBudget): void {
  const { vertices, edges, dist, codes, vertexSpace: space } = lattice;
  // Python loops k, i, j over all of V and skips pairs without an edit; visiting only the pairs that
  // have one, in the same sorted order, gives the same arcs in the same order.
  const into = new Map<number, number[]>();
  const outOf = new Map<number, number[]>();
  const link = (from: number, to: number) => {
    listFor(outOf, from).push(to);
    listFor(into, to).push(from);
  };
  for (const key of codes.keys()) link(Math.floor(key / space), key % space);
  const ascending = (a: number, b: number) => a - b;
  let work = 0;
  for (const vk of vertices) {
    const preds = into.get(vk);
    const succs = outOf.get(vk);
    if (preds === undefined || succs === undefined) continue;
    preds.sort(ascending);
    const succsSorted = succs.slice().sort(ascending);
    work += preds.length * succsSorted.length;
    if (work > budget.maxWork)
      throw new LatticeBudgetError(`edit lattice exceeded ${budget.maxWork} arc compositions`);
    for (const vi of preds) {
      const ik = vi * space + vk;
      const cik = codes.get(ik)!;
      const dik = dist.get(ik)!;
      for (const vj of succsSorted) {
        const kj = vk * space + vj;
        const dsum = dik + dist.get(kj)!;
        const ij = vi * space + vj;
        const dij = dist.get(ij);
        if (dij !== undefined && dsum >= dij) continue;
        const ckj = codes.get(kj)!;
        const unchanged = (cik >> 2) + (ckj >> 2);
        if (unchanged > maxUnchanged) continue;
        edges.push(ij);
        dist.set(ij, dsum);
        if (!codes.has(ij)) link(vi, vj);
        codes.set(ij, unchanged * 4 + mergedType(cik & 3, ckj & 3));
      }
    }
  }
}

/**
 * "remove noop transitive arcs": `for edge in E: ... E.remove(edge)` — removing while iterating makes
 * Python skip the element after each removed one, so some long noop arcs survive. Reproduced in one
 * linear pass; a removed arc listed twice would make m2scorer crash with KeyError, so that throws too.
 */
function removeNoopArcs(lattice: Lattice): void {
  const { edges, dist, codes } = lattice;
  const kept: number[] = [];
  for (let idx = 0; idx < edges.length; idx++) {
    const edge = edges[idx]!;
    const code = codes.get(edge);
    if (code === undefined)
      throw new LatticeBudgetError('m2scorer would raise KeyError (noop arc listed twice)');
    if ((code & 3) === NOOP && dist.get(edge)! > 1) {
      dist.set(edge, Number.POSITIVE_INFINITY);
      codes.delete(edge);
      if (idx + 1 < edges.length) kept.push(edges[++idx]!);
    } else kept.push(edge);
  }
  for (const edge of kept) {
    if (!codes.has(edge))
      throw new LatticeBudgetError('m2scorer would raise KeyError (noop arc listed twice)');
  }
  lattice.edges = kept;
}
