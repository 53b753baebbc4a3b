import type { Category } from '@redline/edits';
import { CATEGORY_COLOURS } from '../lib/categories.ts';
import { type Box, intersect, underlineStrip } from '../lib/geometry.ts';

const STYLE = `
:host { all: initial; }
.layer { position: fixed; left: 0; top: 0; width: 0; height: 0; pointer-events: none; }
.clip { position: fixed; overflow: hidden; pointer-events: none; }
[data-redline-underline] { position: absolute; left: 0; top: 0; width: 0; height: 0; }
.strip { position: fixed; pointer-events: auto; cursor: pointer; border-radius: 1px; }
.mirrors { position: fixed; left: 0; top: 0; width: 0; height: 0; overflow: hidden; }
[data-redline-card] {
  position: fixed; z-index: 1; box-sizing: border-box; width: 300px; padding: 12px 14px; pointer-events: auto;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; background: #fff;
  border: 1px solid #d0d7de; border-radius: 8px; box-shadow: 0 8px 24px rgba(0, 0, 0, 0.18);
}
.kind { font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em; margin-bottom: 4px; }
.message { margin: 0 0 8px; }
.replacement { font-weight: 600; }
.buttons { display: flex; gap: 6px; flex-wrap: wrap; }
button {
  font: inherit; font-size: 13px; padding: 4px 10px; border-radius: 6px; border: 1px solid #d0d7de;
  background: #f6f8fa; color: inherit; cursor: pointer;
}
button[data-action="apply"] { background: #1f6feb; border-color: #1f6feb; color: #fff; }
button:focus-visible { outline: 2px solid #1f6feb; outline-offset: 1px; }
`;

export interface UnderlineItem {
  key: string;
  start: number;
  end: number;
  category: Category;
  /** Viewport rects of the suggestion's text. */
  rects: Box[];
}

/**
 * The extension's only footprint in the page: one host element with an OPEN shadow root holding underline
 * layers (one per field, clipped to the field's text box), the mirrors and the suggestion card. The page's
 * editor DOM is never touched. Open so assistive tech and tests can find `[data-redline-underline]`.
 */
export class Overlay {
  readonly host: HTMLElement;
  readonly root: ShadowRoot;
  readonly mirrors: HTMLDivElement;
  private readonly layer: HTMLDivElement;
  private readonly clips = new Map<number, HTMLDivElement>();
  private readonly lastCss = new WeakMap<HTMLElement, string>();

  constructor(private readonly doc: Document) {
    this.host = doc.createElement('redline-overlay');
    this.host.setAttribute('data-redline-host', '');
    // Inline styles win over page stylesheets that target unknown elements.
    this.host.style.cssText =
      'all: initial; position: fixed; left: 0; top: 0; width: 0; height: 0; z-index: 2147483647; pointer-events: none;';
    this.root = this.host.attachShadow({ mode: 'open' });
    const style = doc.createElement('style');
    style.textContent = STYLE;
    this.layer = doc.createElement('div');
    this.layer.className = 'layer';
    this.mirrors = doc.createElement('div');
    this.mirrors.className = 'mirrors';
    this.root.append(style, this.mirrors, this.layer);
    this.attach();
  }

  /** (Re)insert the host: some pages rewrite <body> or <html> children. */
  attach(): void {
    if (!this.host.isConnected) this.doc.documentElement.append(this.host);
  }

  /** Draw a field's underlines; replaces what was drawn for that field before. */
  render(fieldId: number, clip: Box, items: readonly UnderlineItem[]): void {
    this.attach();
    let clipEl = this.clips.get(fieldId);
    if (items.length === 0) {
      clipEl?.remove();
      this.clips.delete(fieldId);
      return;
    }
    if (clipEl === undefined) {
      clipEl = this.doc.createElement('div');
      clipEl.className = 'clip';
      clipEl.dataset.field = String(fieldId);
      this.layer.append(clipEl);
      this.clips.set(fieldId, clipEl);
    }
    const clipCss = `left:${clip.left}px;top:${clip.top}px;width:${clip.width}px;height:${clip.height}px`;
    if (this.lastCss.get(clipEl) !== clipCss) {
      clipEl.style.cssText = clipCss;
      this.lastCss.set(clipEl, clipCss);
    }
    const existing = new Map<string, HTMLElement>();
    for (const child of Array.from(clipEl.children) as HTMLElement[])
      existing.set(child.dataset.key ?? '', child);
    const keep = new Set<string>();
    for (const item of items) {
      const strips = item.rects
        .map((r) => intersect(underlineStrip(r, 2), clip))
        .filter((r): r is Box => r !== null);
      // Scrolled out of the field's view: nothing to draw, nothing to hover.
      if (strips.length === 0) continue;
      keep.add(item.key);
      let el = existing.get(item.key);
      if (el === undefined) {
        el = this.doc.createElement('div');
        el.setAttribute('data-redline-underline', '');
        el.dataset.key = item.key;
        clipEl.append(el);
      }
      setData(el, 'start', String(item.start));
      setData(el, 'end', String(item.end));
      setData(el, 'category', item.category);
      this.renderStrips(el, strips, CATEGORY_COLOURS[item.category]);
    }
    for (const [key, el] of existing) if (!keep.has(key)) el.remove();
  }

  private renderStrips(el: HTMLElement, strips: readonly Box[], colour: string): void {
    while (el.children.length > strips.length) el.lastElementChild?.remove();
    while (el.children.length < strips.length) {
      const s = this.doc.createElement('div');
      s.className = 'strip';
      el.append(s);
    }
    strips.forEach((box, i) => {
      const s = el.children[i] as HTMLElement;
      // Only touch styles that changed: a redraw of unchanged underlines costs no style recalculation.
      const css = `left:${box.left}px;top:${box.top}px;width:${box.width}px;height:${box.height}px;background:${colour}`;
      if (this.lastCss.get(s) !== css) {
        s.style.cssText = css;
        this.lastCss.set(s, css);
      }
    });
  }

  clear(fieldId: number): void {
    this.clips.get(fieldId)?.remove();
    this.clips.delete(fieldId);
  }

  /** The underline element (for hover) a pointer event came from, if any. */
  underlineOf(event: Event): HTMLElement | null {
    for (const t of event.composedPath()) {
      if (t instanceof HTMLElement && t.hasAttribute('data-redline-underline')) return t;
    }
    return null;
  }

  addCard(card: HTMLElement): void {
    this.root.append(card);
  }

  dispose(): void {
    this.host.remove();
  }
}

function setData(el: HTMLElement, key: string, value: string): void {
  if (el.dataset[key] !== value) el.dataset[key] = value;
}
