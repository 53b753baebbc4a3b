import { rebaseEdits } from '@redline/edits';
import { hashId } from './hash.ts';
import { type Segment, segmentParagraph, splitParagraphs } from './segmenter.ts';
import type { PlacedSegment, SegmentResult } from './suggestions.ts';

/** Results kept for text no longer in the field, so undo or retyping does not re-send it. */
const RESULT_CACHE_LIMIT = 2000;

interface CachedParagraph {
  segments: Array<Segment & { id: string }>;
}

/**
 * Per-field record of which sentences were checked. The field's text is segmented paragraph by paragraph
 * (memoised by paragraph text, so a keystroke re-scans one paragraph) and each sentence is identified by the
 * hash of its text: only sentences whose hash has no result and is not in flight are sent.
 */
export class SegmentState {
  private paragraphs = new Map<string, CachedParagraph>();
  private results = new Map<string, SegmentResult>();
  /** Results of an older text rebased onto the sentence that replaced it, shown until its own result comes. */
  private provisional = new Map<string, SegmentResult>();
  /** segment id → the request carrying it. */
  private inFlight = new Map<string, number>();
  segments: PlacedSegment[] = [];
  text = '';

  update(text: string): PlacedSegment[] {
    this.text = text;
    const next = new Map<string, CachedParagraph>();
    const segments: PlacedSegment[] = [];
    for (const p of splitParagraphs(text)) {
      if (p.text.trim() === '') continue;
      let cached = next.get(p.text) ?? this.paragraphs.get(p.text);
      if (cached === undefined) {
        cached = { segments: segmentParagraph(p.text).map((s) => ({ ...s, id: hashId(s.text) })) };
      }
      next.set(p.text, cached);
      for (const s of cached.segments)
        segments.push({ id: s.id, start: p.start + s.start, end: p.start + s.end, text: s.text });
    }
    this.paragraphs = next;
    this.segments = segments;
    return segments;
  }

  /** Segments still to send: no result yet, not in flight; each distinct text once. */
  unchecked(): PlacedSegment[] {
    const seen = new Set<string>();
    const out: PlacedSegment[] = [];
    for (const s of this.segments) {
      if (seen.has(s.id) || this.results.has(s.id) || this.inFlight.has(s.id)) continue;
      seen.add(s.id);
      out.push(s);
    }
    return out;
  }

  markInFlight(ids: readonly string[], requestId: number): void {
    for (const id of ids) this.inFlight.set(id, requestId);
  }

  /** A request was cancelled or failed: its unanswered segments become unchecked again. */
  releaseRequest(requestId: number): void {
    for (const [id, req] of this.inFlight) if (req === requestId) this.inFlight.delete(id);
  }

  /** Ids of segments the request carries that are no longer in the field (the request is then superseded). */
  isObsolete(requestId: number): boolean {
    const present = new Set(this.segments.map((s) => s.id));
    for (const [id, req] of this.inFlight) if (req === requestId && present.has(id)) return false;
    return true;
  }

  /**
   * Store a segment's result. `sent` is the segment as it was when sent: if its text is gone (the user kept
   * typing in that sentence), the edits are rebased onto the sentence now at that place, or dropped.
   */
  receive(segmentId: string, result: SegmentResult, sent: PlacedSegment): void {
    this.inFlight.delete(segmentId);
    this.results.set(segmentId, result);
    this.provisional.delete(segmentId);
    if (this.results.size > RESULT_CACHE_LIMIT) {
      const oldest = this.results.keys().next().value;
      if (oldest !== undefined) this.results.delete(oldest);
    }
    if (this.segments.some((s) => s.id === segmentId)) return;
    const successor = this.segments.find((s) => s.start < sent.end + 1 && sent.start < s.end + 1);
    if (successor === undefined || this.results.has(successor.id)) return;
    const rebased = rebaseEdits(result.edits, sent.text, successor.text);
    if (rebased.length > 0) {
      const messages = new Map(result.edits.map((e) => [`${e.original}\u0000${e.replacement}`, e.message]));
      this.provisional.set(successor.id, {
        model: result.model,
        edits: rebased.map((e) => {
          const message = messages.get(`${e.original}\u0000${e.replacement}`);
          return message === undefined ? e : { ...e, message };
        }),
      });
    }
  }

  resultOf = (segmentId: string): SegmentResult | undefined =>
    this.results.get(segmentId) ?? this.provisional.get(segmentId);

  get inFlightCount(): number {
    return this.inFlight.size;
  }
}
