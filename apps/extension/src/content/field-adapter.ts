import type { Box } from '../lib/geometry.ts';
import type { Suggestion } from '../lib/suggestions.ts';

/** A suggestion as drawn in a field; contenteditable fields also anchor it to a live DOM Range. */
export interface PlacedSuggestion extends Suggestion {
  range?: Range;
}

/**
 * The per-editor code path (as Harper does): how to read a field's text, where a span of it is on screen,
 * and how to select a span so an edit goes through the page's own editor.
 */
export interface FieldAdapter {
  readonly element: HTMLElement;
  readonly kind: 'text-control' | 'contenteditable';
  /** The field's text as the checker sees it (contenteditable blocks become lines). */
  readText(): string;
  /** Anchor suggestions computed on `text` (the value readText returned) to the DOM. */
  anchor(list: readonly PlacedSuggestion[], text: string): PlacedSuggestion[];
  /** Is the suggestion's text still where it was anchored? */
  isValid(s: PlacedSuggestion): boolean;
  /** The suggestions of the list that are still valid (one read of the field's text for all of them). */
  filterValid(list: readonly PlacedSuggestion[]): PlacedSuggestion[];
  /** Viewport rects of each suggestion's text, measured in one layout pass. */
  measure(list: readonly PlacedSuggestion[]): Box[][];
  /** The visible area of the field's text (underlines are clipped to it). */
  clipBox(): Box;
  /** The suggestion the caret (collapsed selection) is in or touches. */
  suggestionAtCaret(list: readonly PlacedSuggestion[]): PlacedSuggestion | undefined;
  /** Focus the field and select the suggestion's text; false when it is no longer there. */
  select(s: PlacedSuggestion): boolean;
  /** Styles or size changed: re-read computed styles before the next measure. */
  invalidateLayout(): void;
  dispose(): void;
}
