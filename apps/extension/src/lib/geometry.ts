/** Pure rectangle math for placing underlines: mirror coordinates → viewport, clipping, underline strips. */

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Computed-style properties copied from a textarea/input onto its mirror so text wraps identically. */
export const MIRROR_STYLE_PROPS = [
  'box-sizing',
  'width',
  'border-top-width',
  'border-right-width',
  'border-bottom-width',
  'border-left-width',
  'border-style',
  'padding-top',
  'padding-right',
  'padding-bottom',
  'padding-left',
  'font-family',
  'font-size',
  'font-style',
  'font-variant',
  'font-weight',
  'font-stretch',
  'font-kerning',
  'font-feature-settings',
  'line-height',
  'letter-spacing',
  'word-spacing',
  'text-transform',
  'text-indent',
  'text-align',
  'text-rendering',
  'tab-size',
  'direction',
  'word-break',
  'overflow-wrap',
  'hyphens',
] as const;

/**
 * A rect measured in the mirror, moved onto the field: both share a border-box origin, and the field's
 * content is scrolled by (scrollLeft, scrollTop).
 */
export function mirrorToViewport(
  rect: Box,
  mirrorOrigin: { left: number; top: number },
  fieldOrigin: { left: number; top: number },
  scroll: { left: number; top: number },
): Box {
  return {
    left: fieldOrigin.left + (rect.left - mirrorOrigin.left) - scroll.left,
    top: fieldOrigin.top + (rect.top - mirrorOrigin.top) - scroll.top,
    width: rect.width,
    height: rect.height,
  };
}

/** Intersection of two boxes, or null when they do not overlap (the text is scrolled out of view). */
export function intersect(a: Box, b: Box): Box | null {
  const left = Math.max(a.left, b.left);
  const top = Math.max(a.top, b.top);
  const right = Math.min(a.left + a.width, b.left + b.width);
  const bottom = Math.min(a.top + a.height, b.top + b.height);
  if (right <= left || bottom <= top) return null;
  return { left, top, width: right - left, height: bottom - top };
}

/** The strip under a line of text where the underline is drawn. */
export function underlineStrip(textRect: Box, thickness = 2): Box {
  return {
    left: textRect.left,
    top: textRect.top + textRect.height - thickness,
    width: Math.max(textRect.width, 4),
    height: thickness,
  };
}

/** Where to put a card of the given size near an anchor: below it, flipped above when it would overflow. */
export function cardPosition(anchor: Box, card: { width: number; height: number }, viewport: Box): Box {
  const gap = 6;
  let top = anchor.top + anchor.height + gap;
  if (top + card.height > viewport.top + viewport.height && anchor.top - gap - card.height >= viewport.top)
    top = anchor.top - gap - card.height;
  const maxLeft = viewport.left + viewport.width - card.width - 4;
  const left = Math.max(viewport.left + 4, Math.min(anchor.left, maxLeft));
  return { left, top, width: card.width, height: card.height };
}
