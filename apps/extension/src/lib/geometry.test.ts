import { describe, expect, it } from 'vitest';
import { cardPosition, intersect, mirrorToViewport, underlineStrip } from './geometry.ts';

describe('mirror geometry', () => {
  it('moves a mirror rect onto the field, minus the field’s scroll', () => {
    const r = mirrorToViewport(
      { left: -99_900, top: 40, width: 30, height: 18 },
      { left: -100_000, top: 0 },
      { left: 50, top: 200 },
      { left: 0, top: 25 },
    );
    expect(r).toEqual({ left: 150, top: 215, width: 30, height: 18 });
  });

  it('clips underlines to the field’s visible text box', () => {
    const clip = { left: 0, top: 0, width: 100, height: 50 };
    expect(intersect({ left: 90, top: 10, width: 30, height: 2 }, clip)).toEqual({
      left: 90,
      top: 10,
      width: 10,
      height: 2,
    });
    expect(intersect({ left: 10, top: 60, width: 30, height: 2 }, clip)).toBeNull();
  });

  it('draws the underline strip at the bottom of the text rect', () => {
    expect(underlineStrip({ left: 5, top: 10, width: 40, height: 20 }, 2)).toEqual({
      left: 5,
      top: 28,
      width: 40,
      height: 2,
    });
  });

  it('puts the card below its anchor, above when there is no room, inside the viewport', () => {
    const viewport = { left: 0, top: 0, width: 800, height: 600 };
    expect(
      cardPosition({ left: 100, top: 100, width: 40, height: 18 }, { width: 300, height: 120 }, viewport).top,
    ).toBe(124);
    const low = cardPosition(
      { left: 700, top: 560, width: 40, height: 18 },
      { width: 300, height: 120 },
      viewport,
    );
    expect(low.top).toBe(560 - 6 - 120);
    expect(low.left + 300).toBeLessThanOrEqual(800);
  });
});
