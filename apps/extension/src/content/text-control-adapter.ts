import { type Box, MIRROR_STYLE_PROPS, mirrorToViewport } from '../lib/geometry.ts';
import { suggestionAt } from '../lib/suggestions.ts';
import type { FieldAdapter, PlacedSuggestion } from './field-adapter.ts';

type TextControl = HTMLTextAreaElement | HTMLInputElement;

/**
 * textarea / input: the text lives in the field's value, so spans are located with a mirror div (a hidden copy
 * with the field's computed text styles) and measured with Ranges over the mirror's text node.
 */
export class TextControlAdapter implements FieldAdapter {
  readonly kind = 'text-control';
  private readonly mirror: HTMLDivElement;
  private readonly mirrorText: Text;
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
    this.mirrorText = doc.createTextNode('');
    this.mirror.append(this.mirrorText);
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

  measure(list: readonly PlacedSuggestion[]): Box[][] {
    if (list.length === 0) return [];
    if (this.stylesStale) this.syncStyles();
    const value = this.element.value;
    // A trailing space keeps a final empty line measurable.
    if (this.mirrorText.data !== `${value} `) this.mirrorText.data = `${value} `;
    const mirrorRect = this.mirror.getBoundingClientRect();
    const fieldRect = this.element.getBoundingClientRect();
    const scroll = { left: this.element.scrollLeft, top: this.element.scrollTop };
    const range = this.element.ownerDocument.createRange();
    const len = this.mirrorText.length;
    return list.map((s) => {
      range.setStart(this.mirrorText, Math.min(s.start, len));
      range.setEnd(this.mirrorText, Math.min(Math.max(s.end, s.start), len));
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
