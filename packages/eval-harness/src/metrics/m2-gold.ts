import { pyReadlines, pySplitlines, pyUnicodeSplit, pyUnicodeStrip } from './python-compat.ts';

/** A gold edit as m2scorer holds it: token span, original tokens joined by spaces, accepted corrections. */
export interface GoldEdit {
  start: number;
  end: number;
  original: string;
  corrections: string[];
}

export interface AnnotatorEdits {
  annotator: number;
  edits: GoldEdit[];
}

export interface GoldSentence {
  source: string;
  /** Annotators in the order m2scorer 3.2 (Python 2 dict of small ints) visits them: ascending id. */
  annotators: AnnotatorEdits[];
}

/** m2scorer's `paragraphs`: blocks separated by lines that are exactly "\n". */
function paragraphs(lines: string[]): string[] {
  const out: string[] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (line === '\n') {
      if (current.length > 0) out.push(current.join(''));
      current = [];
    } else current.push(line);
  }
  if (current.length > 0) out.push(current.join(''));
  return out;
}

export class M2FormatError extends Error {
  override readonly name = 'M2FormatError';
}

/** Port of m2scorer 3.2 `load_annotation`: noop edits create their annotator with no edits. */
export function loadM2Gold(text: string): GoldSentence[] {
  const result: GoldSentence[] = [];
  for (const block of paragraphs(pySplitlines(text, true))) {
    const item = pySplitlines(block, false);
    const sentences = item.filter((l) => l.startsWith('S ')).map((l) => pyUnicodeStrip(l.slice(2)));
    if (sentences.length === 0) throw new M2FormatError(`block without an S line: ${item[0] ?? ''}`);
    const allTokens = pyUnicodeSplit(sentences.join(' '));
    const byAnnotator = new Map<number, GoldEdit[]>();
    for (const raw of item.slice(1)) {
      if (raw.startsWith('I ') || raw.startsWith('S ')) continue;
      if (!raw.startsWith('A ')) throw new M2FormatError(`unexpected line in M2 block: ${raw}`);
      const fields = raw.slice(2).split('|||');
      const span = pyUnicodeSplit(fields[0] ?? '');
      let start = Number.parseInt(span[0] ?? '', 10);
      let end = Number.parseInt(span[1] ?? '', 10);
      const annotator = Number.parseInt(fields[5] ?? '', 10);
      if (!Number.isInteger(start) || !Number.isInteger(end) || !Number.isInteger(annotator)) {
        throw new M2FormatError(`malformed A line: ${raw}`);
      }
      if (fields[1] === 'noop') {
        start = -1;
        end = -1;
      }
      const corrections = (fields[2] ?? '').split('||').map((c) => (c !== '-NONE-' ? pyUnicodeStrip(c) : ''));
      const original = pySlice(allTokens, start, end).join(' ');
      let list = byAnnotator.get(annotator);
      if (list === undefined) {
        list = [];
        byAnnotator.set(annotator, list);
      }
      list.push({ start, end, original, corrections });
    }
    const ids = [...byAnnotator.keys()].sort((a, b) => a - b);
    let tokOffset = 0;
    for (const sentence of sentences) {
      tokOffset += pyUnicodeSplit(sentence).length;
      const annotators = ids.map((annotator) => ({
        annotator,
        edits: (byAnnotator.get(annotator) ?? []).filter(
          (e) => e.start <= tokOffset && e.end <= tokOffset && e.start >= 0 && e.end >= 0,
        ),
      }));
      result.push({
        source: sentence,
        annotators: annotators.length > 0 ? annotators : [{ annotator: 0, edits: [] }],
      });
    }
  }
  return result;
}

/** Python slice semantics for `list[start:end]` (negative indices count from the end). */
function pySlice<T>(list: T[], start: number, end: number): T[] {
  const norm = (i: number) => (i < 0 ? Math.max(0, list.length + i) : Math.min(i, list.length));
  return list.slice(norm(start), norm(end));
}

/** System output as m2scorer reads it: one sentence per `\n`-terminated line, stripped. */
export function loadSystemLines(text: string): string[] {
  return pyReadlines(text).map(pyUnicodeStrip);
}
