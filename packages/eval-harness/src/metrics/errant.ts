import { pyFloatRepr, pyRound } from './python-compat.ts';

/**
 * Port of ERRANT's compare_m2 (chrisjbryant/errant errant/commands/compare_m2.py): hypothesis and
 * reference M2 files of ERRANT-annotated edits compared per sentence; for each sentence the
 * hypothesis/reference annotator pair maximising the running corpus F (rounded to 4 places, as
 * ERRANT compares them), then higher TP, lower FP, lower FN.
 */
export type ErrantMode = 'cs' | 'cse' | 'ds' | 'dt';

export interface ErrantOptions {
  mode?: ErrantMode;
  beta?: number;
  /** Only single-token edits (0:1, 1:0, 1:1). */
  single?: boolean;
  /** Only multi-token edits. */
  multi?: boolean;
  /** Error types to ignore. */
  filter?: string[];
}

export interface ErrantCounts {
  tp: number;
  fp: number;
  fn: number;
}

export interface ErrantResult extends ErrantCounts {
  precision: number;
  recall: number;
  f05: number;
  beta: number;
  mode: ErrantMode;
  /** Per error type [tp, fp, fn] of the chosen combinations. */
  categories: Record<string, [number, number, number]>;
  /** Per sentence counts of the chosen combination (for bootstrap). */
  sentences: ErrantCounts[];
}

interface RawEdit {
  start: number;
  end: number;
  cat: string;
  cor: string;
  coder: number;
}

type EditDict = Map<string, string[]>;

/** Blocks as ERRANT reads them: whole file stripped, split on blank lines. */
export function errantBlocks(text: string): string[] {
  return text.trim().split('\n\n');
}

function simplifyEdits(block: string): RawEdit[] {
  return block
    .split('\n')
    .slice(1)
    .map((line) => {
      const fields = line.slice(2).split('|||');
      const span = (fields[0] ?? '').split(/\s+/).filter(Boolean);
      return {
        start: Number.parseInt(span[0] ?? '', 10),
        end: Number.parseInt(span[1] ?? '', 10),
        cat: fields[1] ?? '',
        cor: fields[2] ?? '',
        coder: Number.parseInt(fields[fields.length - 1] ?? '', 10),
      };
    });
}

function push(dict: EditDict, key: unknown[], cat: string): void {
  const k = JSON.stringify(key);
  const list = dict.get(k);
  if (list === undefined) dict.set(k, [cat]);
  else list.push(cat);
}

function processEdits(input: RawEdit[], options: ErrantOptions): Map<number, EditDict> {
  const mode = options.mode ?? 'cs';
  const coders = new Map<number, EditDict>();
  const edits = input.length > 0 ? input : [{ start: -1, end: -1, cat: 'noop', cor: '-NONE-', coder: 0 }];
  for (const { start, end, cat, cor, coder } of edits) {
    const dict = coders.get(coder) ?? new Map<string, string[]>();
    coders.set(coder, dict);
    const detection = mode === 'dt' || mode === 'ds';
    const corTokens = cor.split(/\s+/).filter(Boolean).length;
    if (!detection && cat === 'UNK') continue;
    if (options.single && (end - start >= 2 || corTokens >= 2)) continue;
    if (options.multi && end - start < 2 && corTokens < 2) continue;
    if (options.filter?.includes(cat)) continue;
    if (mode === 'dt') {
      if (start === -1) push(dict, [start, start], cat);
      else if (start === end && start >= 0) push(dict, [start, start + 1], cat);
      else for (let t = start; t < end; t++) push(dict, [t, t + 1], cat);
    } else if (mode === 'ds') push(dict, [start, end], cat);
    else if (mode === 'cse') push(dict, [start, end, cat, cor], cat);
    else push(dict, [start, end, cor], cat);
  }
  return coders;
}

function compareEdits(hyp: EditDict, ref: EditDict) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const cats: Record<string, [number, number, number]> = {};
  const bump = (cat: string, slot: 0 | 1 | 2) => {
    const entry = cats[cat] ?? [0, 0, 0];
    entry[slot]++;
    cats[cat] = entry;
  };
  for (const [edit, hCats] of hyp) {
    if (hCats[0] === 'noop') continue;
    const refCats = ref.get(edit);
    if (refCats !== undefined) {
      for (const cat of refCats) {
        tp++;
        bump(cat, 0);
      }
    } else {
      for (const cat of hCats) {
        fp++;
        bump(cat, 1);
      }
    }
  }
  for (const [edit, rCats] of ref) {
    if (rCats[0] === 'noop') continue;
    if (!hyp.has(edit)) {
      for (const cat of rCats) {
        fn++;
        bump(cat, 2);
      }
    }
  }
  return { tp, fp, fn, cats };
}

/** computeFScore: P, R, F rounded to 4 places (ERRANT compares and prints the rounded values). */
export function errantFScore(tp: number, fp: number, fn: number, beta: number): [number, number, number] {
  const p = fp ? tp / (tp + fp) : 1.0;
  const r = fn ? tp / (tp + fn) : 1.0;
  const f = p + r ? ((1 + beta ** 2) * p * r) / (beta ** 2 * p + r) : 0.0;
  return [pyRound(p, 4), pyRound(r, 4), pyRound(f, 4)];
}

export function scoreErrant(hypText: string, refText: string, options: ErrantOptions = {}): ErrantResult {
  const beta = options.beta ?? 0.5;
  const hypBlocks = errantBlocks(hypText);
  const refBlocks = errantBlocks(refText);
  if (hypBlocks.length !== refBlocks.length) {
    throw new RangeError(
      `hypothesis has ${hypBlocks.length} sentences but reference has ${refBlocks.length}`,
    );
  }
  const best: ErrantCounts = { tp: 0, fp: 0, fn: 0 };
  const categories: Record<string, [number, number, number]> = {};
  const sentences: ErrantCounts[] = [];
  for (let s = 0; s < hypBlocks.length; s++) {
    const hypDict = processEdits(simplifyEdits(hypBlocks[s]!), options);
    const refDict = processEdits(simplifyEdits(refBlocks[s]!), options);
    let chosen = { tp: 0, fp: 0, fn: 0, f: -1, cats: {} as Record<string, [number, number, number]> };
    for (const hyp of hypDict.values()) {
      for (const ref of refDict.values()) {
        const { tp, fp, fn, cats } = compareEdits(hyp, ref);
        const [, , f] = errantFScore(tp + best.tp, fp + best.fp, fn + best.fn, beta);
        if (
          f > chosen.f ||
          (f === chosen.f && tp > chosen.tp) ||
          (f === chosen.f && tp === chosen.tp && fp < chosen.fp) ||
          (f === chosen.f && tp === chosen.tp && fp === chosen.fp && fn < chosen.fn)
        ) {
          chosen = { tp, fp, fn, f, cats };
        }
      }
    }
    best.tp += chosen.tp;
    best.fp += chosen.fp;
    best.fn += chosen.fn;
    sentences.push({ tp: chosen.tp, fp: chosen.fp, fn: chosen.fn });
    for (const [cat, counts] of Object.entries(chosen.cats)) {
      const acc = categories[cat] ?? [0, 0, 0];
      categories[cat] = [acc[0] + counts[0], acc[1] + counts[1], acc[2] + counts[2]];
    }
  }
  const [precision, recall, f05] = errantFScore(best.tp, best.fp, best.fn, beta);
  return { ...best, precision, recall, f05, beta, mode: options.mode ?? 'cs', categories, sentences };
}

const TITLES: Record<ErrantMode, string> = {
  dt: ' Token-Based Detection ',
  ds: ' Span-Based Detection ',
  cse: ' Span-Based Correction + Classification ',
  cs: ' Span-Based Correction ',
};

function center(text: string, width: number, fill: string): string {
  const pad = Math.max(0, width - text.length);
  const left = Math.floor(pad / 2);
  return fill.repeat(left) + text + fill.repeat(pad - left);
}

/** The table compare_m2 prints. */
export function formatErrantReport(result: ErrantResult): string {
  const beta = pyFloatRepr(result.beta);
  return [
    '',
    center(TITLES[result.mode], 46, '='),
    ['TP', 'FP', 'FN', 'Prec', 'Rec', `F${beta}`].join('\t'),
    [result.tp, result.fp, result.fn, ...[result.precision, result.recall, result.f05].map(pyFloatRepr)].join(
      '\t',
    ),
    '='.repeat(46),
    '',
  ].join('\n');
}
