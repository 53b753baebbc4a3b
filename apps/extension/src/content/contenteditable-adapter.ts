import type { Box } from '../lib/geometry.ts';
import { visibleSpan } from '../lib/visible-span.ts';
import type { FieldAdapter, PlacedSuggestion } from './field-adapter.ts';

/** Up to this many suggestions are all measured; beyond it only those near the view (long documents). */
const MEASURE_ALL_MAX = 32;

/** Elements that start a new line of text (a paragraph for the segmenter). */
const BLOCK_TAGS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'DD',
  'DIV',
  'DL',
  'DT',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'TABLE',
  'TD',
  'TH',
  'TR',
  'UL',
]);
/** Content that is not the user's prose. */
const SKIP_TAGS = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'SVG',
  'CANVAS',
  'IMG',
  'VIDEO',
  'AUDIO',
]);

interface TextPiece {
  node: Text;
  start: number;
}

/** The text of an editable region as lines, with where each text node sits in it. */
export interface TextMap {
  text: string;
  pieces: TextPiece[];
}

export function buildTextMap(root: Node): TextMap {
  const pieces: TextPiece[] = [];
  let text = '';
  const newline = () => {
    if (text.length > 0 && !text.endsWith('\n')) text += '\n';
  };
  const walk = (node: Node) => {
    for (let child = node.firstChild; child !== null; child = child.nextSibling) {
      if (child.nodeType === Node.TEXT_NODE) {
        const data = (child as Text).data;
        if (data.length === 0) continue;
        pieces.push({ node: child as Text, start: text.length });
        text += data;
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        const el = child as Element;
        if (SKIP_TAGS.has(el.tagName.toUpperCase())) continue;
        if (el.tagName === 'BR') {
          text += '\n';
          continue;
        }
        // Non-editable islands (mentions, widgets) are not prose.
        if (el instanceof HTMLElement && el.contentEditable === 'false') continue;
        const block = BLOCK_TAGS.has(el.tagName.toUpperCase());
        if (block) newline();
        walk(el);
        if (block) newline();
      }
    }
  };
  walk(root);
  return { text, pieces };
}

/** The DOM position of a text offset: the text node holding it (an offset at a node's end stays in it). */
export function positionOf(map: TextMap, offset: number): { node: Text; offset: number } | null {
  let lo = 0;
  let hi = map.pieces.length - 1;
  let found: TextPiece | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = map.pieces[mid] as TextPiece;
    if (p.start <= offset) {
      found = p;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found === undefined) return null;
  const local = offset - found.start;
  if (local > found.node.length) return null;
  return { node: found.node, offset: local };
}

/**
 * contenteditable (and rich editors built on it): suggestions are anchored with live DOM Ranges, which the
 * browser keeps in place as the user types elsewhere, so a keystroke costs no text re-read.
 */
export class ContentEditableAdapter implements FieldAdapter {
  readonly kind = 'contenteditable';

  constructor(readonly element: HTMLElement) {}

  readText(): string {
    return buildTextMap(this.element).text;
  }

  anchor(list: readonly PlacedSuggestion[], text: string): PlacedSuggestion[] {
    const map = buildTextMap(this.element);
    if (map.text !== text) return [];
    const out: PlacedSuggestion[] = [];
    for (const s of list) {
      const a = positionOf(map, s.start);
      const b = positionOf(map, s.end);
      if (a === null || b === null) continue;
      const range = this.element.ownerDocument.createRange();
      range.setStart(a.node, a.offset);
      range.setEnd(b.node, b.offset);
      if (range.toString() !== s.original) continue; // spans a line break or a skipped island
      out.push({ ...s, range });
    }
    return out;
  }

  isValid(s: PlacedSuggestion): boolean {
    const r = s.range;
    if (r === undefined || !r.startContainer.isConnected) return false;
    return this.element.contains(r.startContainer) && r.toString() === s.original;
  }

  filterValid(list: readonly PlacedSuggestion[]): PlacedSuggestion[] {
    return list.filter((s) => this.isValid(s));
  }

  /** Rects of the suggestions in view; in a long text, those far out of view get none (nothing is drawn). */
  measure(list: readonly PlacedSuggestion[]): Box[][] {
    const [first, last] = list.length > MEASURE_ALL_MAX ? this.inView(list) : [0, list.length - 1];
    return list.map((s, i) => {
      if (s.range === undefined || i < first || i > last) return [];
      return [...s.range.getClientRects()]
        .filter((r) => r.width > 0 || s.start === s.end)
        .map((r) => ({ left: r.left, top: r.top, width: r.width, height: r.height }));
    });
  }

  /**
   * Suggestions come in text order, which runs top to bottom: a binary search on their ranges finds those
   * near the visible part of the field (its box within the window). One view's height of margin above and
   * below absorbs local out-of-order layout such as table cells side by side.
   */
  private inView(list: readonly PlacedSuggestion[]): [number, number] {
    const clip = this.clipBox();
    const viewHeight = this.element.ownerDocument.defaultView?.innerHeight ?? Number.POSITIVE_INFINITY;
    const top = Math.max(clip.top, 0);
    const bottom = Math.min(clip.top + clip.height, viewHeight);
    if (bottom < top) return [0, -1]; // the field is scrolled out of the window
    const margin = bottom - top;
    const rects = new Map<number, DOMRect | undefined>();
    const rect = (i: number) => {
      if (!rects.has(i)) rects.set(i, list[i]?.range?.getBoundingClientRect());
      return rects.get(i);
    };
    return visibleSpan(
      list.length,
      (i) => rect(i)?.top ?? 0,
      (i) => rect(i)?.bottom ?? 0,
      top - margin,
      bottom + margin,
    );
  }

  clipBox(): Box {
    const r = this.element.getBoundingClientRect();
    const e = this.element;
    return {
      left: r.left + e.clientLeft,
      top: r.top + e.clientTop,
      width: e.clientWidth || r.width,
      height: e.clientHeight || r.height,
    };
  }

  suggestionAtCaret(list: readonly PlacedSuggestion[]): PlacedSuggestion | undefined {
    const sel = this.selection();
    if (sel === null || sel.rangeCount === 0 || !sel.isCollapsed) return undefined;
    const caret = sel.getRangeAt(0);
    return list.find((s) => {
      try {
        return s.range !== undefined && s.range.comparePoint(caret.startContainer, caret.startOffset) === 0;
      } catch {
        return false; // the caret is in another tree than the range
      }
    });
  }

  private selection(): Selection | null {
    const root = this.element.getRootNode();
    // Chrome exposes the selection inside a shadow tree on the shadow root.
    const shadowSel =
      root instanceof ShadowRoot
        ? (root as ShadowRoot & { getSelection?: () => Selection | null }).getSelection?.()
        : null;
    return shadowSel ?? this.element.ownerDocument.getSelection();
  }

  select(s: PlacedSuggestion): boolean {
    if (!this.isValid(s) || s.range === undefined) return false;
    this.element.focus({ preventScroll: true });
    const sel = this.element.ownerDocument.getSelection();
    if (sel === null) return false;
    sel.removeAllRanges();
    sel.addRange(s.range.cloneRange());
    return true;
  }

  invalidateLayout(): void {}

  dispose(): void {}
}
