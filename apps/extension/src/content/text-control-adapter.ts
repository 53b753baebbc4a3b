import { type Box, MIRROR_STYLE_PROPS, mirrorToViewport } from '../lib/geometry.ts';
import { splitParagraphs } from '../lib/segmenter.ts';
import { suggestionAt } from '../lib/suggestions.ts';
import { visibleSpan } from '../lib/visible-span.ts';
import type { FieldAdapter, PlacedSuggestion } from './field-adapter.ts';

type TextControl = HTMLTextAreaElement | HTMLInputElement;

/** Lines this far outside the field's view are still measured (offsets are rounded to whole pixels). */
const VIEW_MARGIN_PX = 8;

/**
 * textarea / input: the text lives in the field's value, so spans are located with a mirror div (a hidden copy
 * with the field's computed text styles) and measured with Ranges over the mirror's text node.
 */
export class TextControlAdapter implements FieldAdapter {
  readonly kind = 'text-control';
  private readonly mirror: HTMLDivElement;
  /** One block per line of the value: an edit re-lays out its own line only, not the whole text. */
  private lines: Array<{ text: string; node: Text }> = [];
  private lineStarts: number[] = [];
  private stylesStale = true;
  private readonly isInput: boolean;

  constructor(
    readonly element: TextControl,
    mirrorParent: HTMLElement,
  ) {
    this.isInput = element instanceof HTMLInputElement;
    const doc = mirrorParent.ownerDocument;
    this.mirror = doc.createElement('div');
    this.mirror.setAttribute('aria-hidden', 'true');
    mirrorParent.append(this.mirror);
  }

  readText(): string {
    return this.element.value;
  }

  anchor(list: readonly PlacedSuggestion[]): PlacedSuggestion[] {
    return [...list];
  }

  isValid(s: PlacedSuggestion): boolean {
    return this.element.value.slice(s.start, s.end) === s.original;
  }

  filterValid(list: readonly PlacedSuggestion[]): PlacedSuggestion[] {
    const value = this.element.value;
    return list.filter((s) => value.slice(s.start, s.end) === s.original);
  }

  invalidateLayout(): void {
    this.stylesStale = true;
  }

  private syncStyles(): void {
    const cs = getComputedStyle(this.element);
    const st = this.mirror.style;
    for (const p of MIRROR_STYLE_PROPS) st.setProperty(p, cs.getPropertyValue(p));
    st.position = 'absolute';
    st.top = '0';
    st.left = '-100000px';
    st.visibility = 'hidden';
    st.overflow = 'hidden';
    st.borderColor = 'transparent';
    // Textareas wrap like pre-wrap; inputs never wrap. The field's own scrollbar narrows its text box.
    st.whiteSpace = this.isInput ? 'pre' : 'pre-wrap';
    if (!this.isInput) st.overflowWrap = cs.overflowWrap === 'normal' ? 'break-word' : cs.overflowWrap;
    const scrollbar = this.element.offsetWidth - this.element.clientWidth - this.borderX(cs);
    if (scrollbar > 0) st.paddingRight = `${Number.parseFloat(cs.paddingRight) + scrollbar}px`;
    st.height = this.isInput ? cs.height : 'auto';
    if (this.isInput) {
      // Inputs centre their single line vertically.
      st.display = 'flex';
      st.alignItems = 'center';
    }
    this.stylesStale = false;
  }

  private borderX(cs: CSSStyleDeclaration): number {
    return Number.parseFloat(cs.borderLeftWidth) + Number.parseFloat(cs.borderRightWidth);
  }

  /** Bring the mirror's lines up to date, replacing only the lines that changed. */
  private syncText(value: string): void {
    const next = splitParagraphs(value);
    const old = this.lines;
    let head = 0;
    while (head < old.length && head < next.length && old[head]?.text === next[head]?.text) head++;
    let tail = 0;
    while (
      tail < old.length - head &&
      tail < next.length - head &&
      old[old.length - 1 - tail]?.text === next[next.length - 1 - tail]?.text
    )
      tail++;
    const doc = this.mirror.ownerDocument;
    const fresh = next.slice(head, next.length - tail).map((p) => {
      const div = doc.createElement('div');
      // An empty line still takes a line's height, as in the field.
      const node = doc.createTextNode(p.text === '' ? ' ' : p.text);
      div.append(node);
      return { text: p.text, node };
    });
    const removed = old.slice(head, old.length - tail);
    const anchor = old[old.length - tail]?.node.parentElement ?? null;
    for (const r of removed) r.node.parentElement?.remove();
    for (const f of fresh) this.mirror.insertBefore(f.node.parentElement as HTMLElement, anchor);
    this.lines = [...old.slice(0, head), ...fresh, ...old.slice(old.length - tail)];
    this.lineStarts = next.map((p) => p.start);
  }

  private lineOf(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The first and last mirror lines that reach into the field's scrolled view (binary search on offsets). */
  private visibleLines(scrollTop: number, viewHeight: number): [number, number] {
    const n = this.lines.length;
    if (this.isInput || n === 0) return [0, n - 1];
    const block = (i: number) => this.lines[i]?.node.parentElement as HTMLElement;
    return visibleSpan(
      n,
      (i) => block(i).offsetTop,
      (i) => block(i).offsetTop + block(i).offsetHeight,
      scrollTop - VIEW_MARGIN_PX,
      scrollTop + viewHeight + VIEW_MARGIN_PX,
    );
  }

  /** Rects of the suggestions on lines in view; those scrolled out of view get none (nothing is drawn). */
  measure(list: readonly PlacedSuggestion[]): Box[][] {
    if (list.length === 0) return [];
    if (this.stylesStale) this.syncStyles();
    this.syncText(this.element.value);
    const mirrorRect = this.mirror.getBoundingClientRect();
    const fieldRect = this.element.getBoundingClientRect();
    const scroll = { left: this.element.scrollLeft, top: this.element.scrollTop };
    const [first, last] = this.visibleLines(scroll.top, this.element.clientHeight);
    const range = this.element.ownerDocument.createRange();
    return list.map((s) => {
      const line = this.lineOf(s.start);
      if (line < first || line > last) return [];
      const node = this.lines[line]?.node;
      const lineStart = this.lineStarts[line] ?? 0;
      const text = this.lines[line]?.text;
      if (node === undefined || text === undefined || s.end - lineStart > text.length) return [];
      range.setStart(node, s.start - lineStart);
      range.setEnd(node, Math.max(s.end, s.start) - lineStart);
      return [...range.getClientRects()]
        .filter((r) => r.width > 0 || s.start === s.end)
        .map((r) => mirrorToViewport(r, mirrorRect, fieldRect, scroll));
    });
  }

  clipBox(): Box {
    const r = this.element.getBoundingClientRect();
    const e = this.element;
    return {
      left: r.left + e.clientLeft,
      top: r.top + e.clientTop,
      width: e.clientWidth,
      height: e.clientHeight,
    };
  }

  suggestionAtCaret(list: readonly PlacedSuggestion[]): PlacedSuggestion | undefined {
    const { selectionStart, selectionEnd } = this.element;
    if (selectionStart === null || selectionStart !== selectionEnd) return undefined;
    return suggestionAt(list, selectionStart);
  }

  select(s: PlacedSuggestion): boolean {
    if (!this.isValid(s)) return false;
    this.element.focus({ preventScroll: true });
    this.element.setSelectionRange(s.start, s.end);
    return true;
  }

  dispose(): void {
    this.mirror.remove();
  }
}
