/** A sentence (or a piece of one) of a field's text, with absolute UTF-16 offsets. */
export interface Segment {
  start: number;
  end: number;
  text: string;
}

/** The gateway refuses longer segments; long run-on text is cut at a space below this. */
export const MAX_SEGMENT_CHARS = 2000;

// Words after which a period does not end a sentence.
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'vs',
  'etc',
  'e.g',
  'i.e',
  'cf',
  'al',
  'fig',
  'no',
  'vol',
  'approx',
  'inc',
  'ltd',
  'co',
  'corp',
  'dept',
  'est',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'mt',
  'ave',
  'rd',
  'gen',
  'col',
  'capt',
  'lt',
  'sgt',
  'rev',
]);

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
const CLOSERS = new Set(['"', "'", ')', ']', '}', '”', '’', '»']);

/** Would a period at text[dot] close an abbreviation or an initial ("Dr.", "J. Smith", "U.S.", "e.g.")? */
function isAbbreviation(text: string, dot: number, from: number): boolean {
  let i = dot;
  while (i > from && /[\p{L}.]/u.test(text[i - 1] as string)) i--;
  const word = text.slice(i, dot);
  if (word.length === 0) return false;
  if (ABBREVIATIONS.has(word.toLowerCase())) return true;
  if (/^\p{Lu}$/u.test(word)) return true; // an initial
  return /^(\p{L}\.)+\p{L}$/u.test(word); // a dotted initialism
}

/** Sentence segments of one paragraph (no newline inside), offsets relative to the paragraph. */
export function segmentParagraph(paragraph: string): Segment[] {
  const out: Segment[] = [];
  const n = paragraph.length;
  let start = 0;
  while (start < n && isSpace(paragraph[start])) start++;
  let i = start;
  const push = (end: number) => {
    let e = end;
    while (e > start && isSpace(paragraph[e - 1])) e--;
    if (e > start) pushCapped(out, paragraph, start, e);
  };
  while (i < n) {
    const c = paragraph[i] as string;
    if (c === '.' || c === '!' || c === '?' || c === '…') {
      let j = i + 1;
      while (j < n && /[.!?…]/.test(paragraph[j] as string)) j++;
      while (j < n && CLOSERS.has(paragraph[j] as string)) j++;
      const boundary = j >= n || isSpace(paragraph[j]);
      if (boundary && !(c === '.' && j === i + 1 && isAbbreviation(paragraph, i, start))) {
        push(j);
        start = j;
        while (start < n && isSpace(paragraph[start])) start++;
        i = start;
        continue;
      }
      i = j;
      continue;
    }
    i++;
  }
  push(n);
  return out;
}

/** Cut an over-long sentence at spaces so each piece fits the gateway's limit. */
function pushCapped(out: Segment[], text: string, start: number, end: number): void {
  let s = start;
  while (end - s > MAX_SEGMENT_CHARS) {
    let cut = text.lastIndexOf(' ', s + MAX_SEGMENT_CHARS);
    if (cut <= s) cut = s + MAX_SEGMENT_CHARS;
    out.push({ start: s, end: cut, text: text.slice(s, cut) });
    s = cut;
    while (s < end && isSpace(text[s])) s++;
  }
  if (end > s) out.push({ start: s, end, text: text.slice(s, end) });
}

/** A paragraph (a line of the field) and its offset in the whole text. */
export interface Paragraph {
  start: number;
  text: string;
}

/** Split text into lines; each line is a paragraph (textarea lines and contenteditable blocks). */
export function splitParagraphs(text: string): Paragraph[] {
  const out: Paragraph[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    out.push({ start, text: text.slice(start, end) });
    if (nl === -1) return out;
    start = nl + 1;
  }
}

/**
 * Segments of a whole text. Paragraph results are memoised by paragraph text (pass the same cache between
 * calls), so re-segmenting after a keystroke only re-scans the paragraph that changed.
 */
export function segmentText(text: string, cache?: Map<string, Segment[]>): Segment[] {
  const out: Segment[] = [];
  for (const p of splitParagraphs(text)) {
    if (p.text.trim() === '') continue;
    let local = cache?.get(p.text);
    if (local === undefined) {
      local = segmentParagraph(p.text);
      cache?.set(p.text, local);
    }
    for (const s of local) out.push({ start: p.start + s.start, end: p.start + s.end, text: s.text });
  }
  return out;
}
