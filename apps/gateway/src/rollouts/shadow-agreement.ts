import { applyEdits, type Edit } from '@redline/edits';

/** How one mirrored segment's candidate answer compares with what the serving model answered. */
export interface SegmentAgreement {
  /** The corrected texts are identical. */
  exactText: boolean;
  /** Edits proposed by both (same span, same replacement). */
  shared: number;
  candidateEdits: number;
  servingEdits: number;
}

const editKey = (e: Edit) => `${e.start}:${e.end}:${e.replacement}`;

/** Compare the candidate's edits with the serving model's on the same text. */
export function compareEdits(
  text: string,
  serving: readonly Edit[],
  candidate: readonly Edit[],
): SegmentAgreement {
  const remaining = new Map<string, number>();
  for (const e of serving) remaining.set(editKey(e), (remaining.get(editKey(e)) ?? 0) + 1);
  let shared = 0;
  for (const e of candidate) {
    const left = remaining.get(editKey(e)) ?? 0;
    if (left > 0) {
      shared++;
      remaining.set(editKey(e), left - 1);
    }
  }
  return {
    exactText: correctedText(text, serving) === correctedText(text, candidate),
    shared,
    candidateEdits: candidate.length,
    servingEdits: serving.length,
  };
}

function correctedText(text: string, edits: readonly Edit[]): string | null {
  try {
    return applyEdits(text, edits);
  } catch {
    return null; // conflicting edits never count as a match
  }
}

export interface AgreementSummary {
  compared: number;
  /** Share of compared segments whose corrected text is identical. */
  exactMatchRate: number | null;
  /** Candidate edits measured against the serving model's: precision, recall, F1 (1 when both propose none). */
  edits: { precision: number | null; recall: number | null; f1: number | null };
}

/** Running totals of SegmentAgreement. */
export class AgreementTally {
  private compared = 0;
  private exact = 0;
  private shared = 0;
  private candidate = 0;
  private serving = 0;

  add(a: SegmentAgreement): void {
    this.compared++;
    if (a.exactText) this.exact++;
    this.shared += a.shared;
    this.candidate += a.candidateEdits;
    this.serving += a.servingEdits;
  }

  summary(): AgreementSummary {
    if (this.compared === 0) {
      return { compared: 0, exactMatchRate: null, edits: { precision: null, recall: null, f1: null } };
    }
    const precision = this.candidate === 0 ? 1 : this.shared / this.candidate;
    const recall = this.serving === 0 ? 1 : this.shared / this.serving;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return {
      compared: this.compared,
      exactMatchRate: round(this.exact / this.compared),
      edits: { precision: round(precision), recall: round(recall), f1: round(f1) },
    };
  }
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
