import type { Box } from '../lib/geometry.ts';
import { batchSegments } from '../lib/limits.ts';
import { SegmentState } from '../lib/segment-state.ts';
import {
  detectChange,
  detectChangeAt,
  type PlacedSegment,
  placeSuggestions,
  type Suggestion,
  shiftSuggestions,
} from '../lib/suggestions.ts';
import type { BackgroundConnection } from './background-connection.ts';
import type { FieldAdapter, PlacedSuggestion } from './field-adapter.ts';
import type { Overlay, UnderlineItem } from './overlay.ts';
import { markEnd, markStart } from './perf.ts';

/** Quiet time after the last keystroke before changed sentences are sent. */
export const CHECK_DEBOUNCE_MS = 300;

export interface SessionHost {
  overlay: Overlay;
  connection: BackgroundConnection;
  /** Should this suggestion be shown (not dismissed elsewhere, not on the ignore list)? */
  isIgnored(s: Suggestion): boolean;
  suggestionsChanged(): void;
  scheduleFrame(task: () => void): void;
}

/**
 * One field's life: read its text on change, send the sentences that changed (debounced, superseded requests
 * cancelled), place results where their text still stands, and draw. The keystroke path only diffs the value
 * (text controls) and queues work; nothing is laid out or sent per key.
 */
export class FieldSession {
  suggestions: PlacedSuggestion[] = [];
  private readonly state = new SegmentState();
  private lastValue: string;
  private checkTimer: ReturnType<typeof setTimeout> | undefined;
  /** request id → the segments it carries, as they were when sent. */
  private readonly requests = new Map<number, Map<string, PlacedSegment>>();
  private readonly dismissed = new Set<string>();
  /**
   * Dismissed suggestions where they stand in the text (text controls: shifted with each edit). A key names a
   * suggestion of one version of its sentence; after an edit to that sentence the same word comes back from
   * the new sentence's result under a new key, and is recognised here by place, original and replacement.
   */
  private dismissedAt: Suggestion[] = [];
  private redrawQueued = false;
  private refreshQueued = false;
  private lastRects: Box[][] = [];
  private lastBox = '';
  private disposed = false;

  constructor(
    readonly id: number,
    readonly adapter: FieldAdapter,
    private readonly host: SessionHost,
  ) {
    this.lastValue = adapter.kind === 'text-control' ? adapter.readText() : '';
    adapter.element.addEventListener('input', this.onInput);
    adapter.element.addEventListener('scroll', this.onScroll, { passive: true });
  }

  get element(): HTMLElement {
    return this.adapter.element;
  }

  /** The keystroke path: keep it tiny (measured by the benchmark as 'redline:input'). */
  private readonly onInput = (): void => {
    const t0 = markStart();
    if (this.adapter.kind === 'text-control') {
      const value = this.adapter.readText();
      if (this.suggestions.length > 0 || this.dismissedAt.length > 0) {
        // The caret locates the change, so a keystroke does not scan the whole (possibly long) value.
        const delta = detectChangeAt(this.lastValue, value, this.caretEnd());
        if (delta !== null) {
          this.suggestions = shiftSuggestions(this.suggestions, delta);
          if (this.dismissedAt.length > 0) this.dismissedAt = shiftSuggestions(this.dismissedAt, delta);
        }
      }
      this.lastValue = value;
    }
    // contenteditable suggestions ride on live Ranges: the browser moves them as the text changes.
    if (this.suggestions.length > 0) this.scheduleRedraw();
    this.scheduleCheck();
    markEnd('redline:input', t0);
  };

  private readonly onScroll = (): void => this.scheduleRedraw();

  scheduleCheck(delayMs = CHECK_DEBOUNCE_MS): void {
    if (this.checkTimer !== undefined) clearTimeout(this.checkTimer);
    this.checkTimer = setTimeout(() => {
      this.checkTimer = undefined;
      this.check();
    }, delayMs);
  }

  /** Segment the current text, cancel requests whose sentences are gone, send the unchecked sentences. */
  check(): void {
    if (this.disposed) return;
    const t0 = markStart();
    const text = this.adapter.readText();
    this.state.update(text);
    for (const requestId of [...this.requests.keys()]) {
      if (this.state.isObsolete(requestId)) {
        this.host.connection.cancel(requestId);
        this.endRequest(requestId);
      }
    }
    const pending = this.state.unchecked();
    const caret = this.caretOffset();
    if (caret !== null) pending.sort((a, b) => distance(a, caret) - distance(b, caret));
    for (const batch of batchSegments(pending)) this.send(batch);
    // Sentences already checked (undo, paste of known text) get their underlines back without a request.
    this.refresh(text);
    markEnd('redline:check', t0);
  }

  private send(batch: PlacedSegment[]): void {
    const sent = new Map(batch.map((s) => [s.id, s]));
    const requestId = this.host.connection.check(
      batch.map((s) => ({ id: s.id, text: s.text })),
      {
        onResult: (m) => {
          const seg = sent.get(m.segmentId);
          if (seg === undefined || this.disposed) return;
          this.state.receive(m.segmentId, { edits: m.edits, model: m.model }, seg);
          this.scheduleRefresh();
        },
        onEnd: (error) => {
          if (requestId !== null) this.endRequest(requestId);
          // A dropped worker: send what is still unanswered again once it is back.
          if (error !== undefined && error.code === 'DISCONNECTED' && !this.disposed)
            this.scheduleCheck(1000);
        },
      },
    );
    if (requestId === null) return;
    this.requests.set(requestId, sent);
    this.state.markInFlight([...sent.keys()], requestId);
  }

  private endRequest(requestId: number): void {
    this.requests.delete(requestId);
    this.state.releaseRequest(requestId);
  }

  private caretEnd(): number | null {
    const el = this.adapter.element;
    if (el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement) return el.selectionEnd;
    return null;
  }

  private caretOffset(): number | null {
    const el = this.adapter.element;
    if (el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement) return el.selectionStart;
    return null;
  }

  /** Results stream in one by one: re-place them at most once per frame. */
  private scheduleRefresh(): void {
    if (this.refreshQueued) return;
    this.refreshQueued = true;
    this.host.scheduleFrame(() => {
      this.refreshQueued = false;
      if (!this.disposed) this.refresh(this.adapter.readText());
    });
  }

  /** Place every known result on the current text and redraw. */
  refresh(text: string): void {
    if (text !== this.state.text) this.state.update(text);
    if (this.adapter.kind === 'text-control') {
      // A value set by a script fires no input event: carry dismissals across that change too.
      const delta = this.dismissedAt.length > 0 ? detectChange(this.lastValue, text) : null;
      if (delta !== null) this.dismissedAt = shiftSuggestions(this.dismissedAt, delta);
      this.lastValue = text;
    }
    const placed = placeSuggestions(this.state.segments, this.state.resultOf, (s) => this.keep(s));
    this.suggestions = this.adapter.anchor(placed, text);
    this.scheduleRedraw();
    this.host.suggestionsChanged();
  }

  private keep(s: Suggestion): boolean {
    return (
      !this.dismissed.has(s.key) && !this.dismissedAt.some((d) => samePlace(d, s)) && !this.host.isIgnored(s)
    );
  }

  /** Remove a suggestion from view (applied, dismissed or ignored). */
  drop(s: Suggestion, remember: boolean): void {
    // The card may hold the suggestion under its key from before the latest refresh: drop what stands there now.
    const same = (x: Suggestion) => x.key === s.key || samePlace(x, s);
    if (remember) {
      const shown = this.suggestions.filter(same);
      for (const x of [s, ...shown]) this.dismissed.add(x.key);
      this.dismissedAt.push(...(shown.length > 0 ? shown : [s]));
    }
    this.suggestions = this.suggestions.filter((x) => !same(x));
    this.scheduleRedraw();
    this.host.suggestionsChanged();
  }

  /** The ignore list changed: hide what it now covers. */
  refilter(): void {
    const before = this.suggestions.length;
    this.suggestions = this.suggestions.filter((s) => this.keep(s));
    if (this.suggestions.length !== before) {
      this.scheduleRedraw();
      this.host.suggestionsChanged();
    }
  }

  scheduleRedraw(): void {
    if (this.redrawQueued) return;
    this.redrawQueued = true;
    this.host.scheduleFrame(() => {
      this.redrawQueued = false;
      this.redraw();
    });
  }

  /** Measure and draw (one layout pass for all of this field's suggestions). */
  redraw(): void {
    if (this.disposed) return;
    const t0 = markStart();
    const valid = this.adapter.filterValid(this.suggestions);
    if (valid.length !== this.suggestions.length) {
      this.suggestions = valid;
      this.host.suggestionsChanged();
    }
    const rects = this.adapter.measure(valid);
    this.lastRects = rects;
    // Suggestions out of view have no rects: nothing to draw for them.
    const items: UnderlineItem[] = [];
    valid.forEach((s, i) => {
      const r = rects[i] ?? [];
      if (r.length > 0)
        items.push({ key: s.key, start: s.start, end: s.end, category: s.category, rects: r });
    });
    this.host.overlay.render(this.id, this.adapter.clipBox(), items);
    markEnd('redline:draw', t0);
  }

  /** Has the field moved or resized since the last draw (layout shifts no event reports)? */
  movedSinceDraw(): boolean {
    if (this.suggestions.length === 0) return false;
    const r = this.element.getBoundingClientRect();
    const box = `${r.left},${r.top},${r.width},${r.height}`;
    const moved = box !== this.lastBox;
    this.lastBox = box;
    return moved;
  }

  /** Viewport rects of a drawn suggestion (anchor for its card). */
  rectsOf(key: string): Box[] {
    const i = this.suggestions.findIndex((s) => s.key === key);
    return i < 0 ? [] : (this.lastRects[i] ?? []);
  }

  find(key: string): PlacedSuggestion | undefined {
    return this.suggestions.find((s) => s.key === key);
  }

  get pendingRequests(): number {
    return this.requests.size;
  }

  dispose(): void {
    this.disposed = true;
    if (this.checkTimer !== undefined) clearTimeout(this.checkTimer);
    for (const requestId of [...this.requests.keys()]) this.host.connection.cancel(requestId);
    this.requests.clear();
    this.adapter.element.removeEventListener('input', this.onInput);
    this.adapter.element.removeEventListener('scroll', this.onScroll);
    this.host.overlay.clear(this.id);
    this.adapter.dispose();
  }
}

function samePlace(a: Suggestion, b: Suggestion): boolean {
  return (
    a.start === b.start && a.end === b.end && a.original === b.original && a.replacement === b.replacement
  );
}

function distance(seg: PlacedSegment, caret: number): number {
  if (caret < seg.start) return seg.start - caret;
  if (caret > seg.end) return caret - seg.end;
  return 0;
}
