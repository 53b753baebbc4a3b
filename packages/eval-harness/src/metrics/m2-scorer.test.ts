import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GEC, hasGecData } from '../test-support/shared-data.ts';
import { loadM2Gold, loadSystemLines } from './m2-gold.ts';
import { formatM2Report, scoreM2, shrinkEdit } from './m2-scorer.ts';

// A gold file written for this test: two annotators on the second sentence, a noop annotator on the third.
const GOLD = `S The cat sit on mat .
A 2 3|||SVA|||sits|||REQUIRED|||-NONE-|||0
A 4 4|||ArtOrDet|||the|||REQUIRED|||-NONE-|||0

S She go to school every days .
A 1 2|||SVA|||goes|||REQUIRED|||-NONE-|||0
A 5 6|||Nn|||day|||REQUIRED|||-NONE-|||0
A 1 2|||SVA|||goes|||REQUIRED|||-NONE-|||1
A 4 6|||Other|||daily|||REQUIRED|||-NONE-|||1

S It is fine .
A -1 -1|||noop|||-NONE-|||REQUIRED|||-NONE-|||0
`;

describe('scoreM2 on hand-checked sentences', () => {
  const gold = loadM2Gold(GOLD);

  it('parses annotators, noop annotators and originals', () => {
    expect(gold).toHaveLength(3);
    expect(gold[0]!.annotators[0]!.edits[0]).toEqual({
      start: 2,
      end: 3,
      original: 'sit',
      corrections: ['sits'],
    });
    expect(gold[1]!.annotators.map((a) => a.annotator)).toEqual([0, 1]);
    expect(gold[1]!.annotators[1]!.edits[1]!.original).toBe('every days');
    expect(gold[2]!.annotators).toEqual([{ annotator: 0, edits: [] }]);
  });

  it('a perfect system scores 1.0 and picks the annotator it matches', () => {
    const r = scoreM2(['The cat sits on the mat .', 'She goes to school daily .', 'It is fine .'], gold);
    expect([r.correct, r.proposed, r.gold]).toEqual([4, 4, 4]);
    expect(r.sentences[1]!.annotator).toBe(1);
    expect(formatM2Report(r)).toBe('Precision   : 1.0000\nRecall      : 1.0000\nF_0.5       : 1.0000');
  });

  it('merges adjacent changes into one edit when that matches gold, counts spurious edits', () => {
    const r = scoreM2(
      ['The cat sits on a mat .', 'She goes to school every day .', 'It is very fine .'],
      gold,
    );
    // sentence 1: "sits" correct, "a" proposed but gold wants "the"; sentence 2: both annotator-0 edits.
    expect(r.sentences.map((s) => [s.correct, s.proposed, s.gold])).toEqual([
      [1, 2, 2],
      [2, 2, 2],
      [0, 1, 0],
    ]);
    expect(r.sentences[1]!.annotator).toBe(0);
    expect(r.precision).toBeCloseTo(3 / 5, 12);
    expect(r.recall).toBeCloseTo(3 / 4, 12);
  });

  it('an unchanged system has precision 1 and recall 0', () => {
    const r = scoreM2(['The cat sit on mat .', 'She go to school every days .', 'It is fine .'], gold);
    expect(formatM2Report(r)).toBe('Precision   : 1.0000\nRecall      : 0.0000\nF_0.5       : 0.0000');
  });

  it('rejects a hypothesis with the wrong number of lines', () => {
    expect(() => scoreM2(['one line'], gold)).toThrow(RangeError);
  });

  it('falls back to the base alignment and reports it when the lattice budget is hit', () => {
    const r = scoreM2(['A cat sits on the mat .', 'He goes to the school each day .', 'It is fine .'], gold, {
      maxLatticeWork: 1,
    });
    expect(r.limitHits.length).toBeGreaterThan(0);
    expect(r.sentences[r.limitHits[0]!.line - 1]!.limitHit).toMatch(/exceeded/);
  });

  it('shrinkEdit drops shared leading and trailing words', () => {
    expect(shrinkEdit({ start: 1, end: 3, original: 'is genetic', correction: 'is the genetic' })).toEqual({
      start: 2,
      end: 2,
      original: '',
      correction: 'the',
    });
  });
});

describe.skipIf(!hasGecData('m2scorer-example/source_gold', 'm2scorer toy example'))(
  'm2scorer toy example',
  () => {
    it('system → P = R = F0.5 = 0.8 as in the m2scorer README', () => {
      const dir = join(GEC, 'm2scorer-example');
      const gold = loadM2Gold(readFileSync(join(dir, 'source_gold'), 'utf8'));
      const r = scoreM2(loadSystemLines(readFileSync(join(dir, 'system'), 'utf8')), gold);
      expect(formatM2Report(r)).toBe('Precision   : 0.8000\nRecall      : 0.8000\nF_0.5       : 0.8000');
    });
  },
);

describe.skipIf(!hasGecData('conll14/gold/official-2014.combined.m2', 'CoNLL-2014 m2scorer figures'))(
  'CoNLL-2014 published m2scorer figures',
  () => {
    const dir = join(GEC, 'conll14');
    // Read lazily: a skipped suite's body still runs at collection time, where the data may be absent.
    let goldCache: ReturnType<typeof loadM2Gold> | undefined;
    const loadGold = () => {
      goldCache ??= loadM2Gold(readFileSync(join(dir, 'gold/official-2014.combined.m2'), 'utf8'));
      return goldCache;
    };
    const cases: Array<[string, number, number, number, string]> = [
      ['CAMB', 772, 1944, 2565, 'Precision   : 0.3971\nRecall      : 0.3010\nF_0.5       : 0.3733'],
      ['IPN', 59, 523, 2067, 'Precision   : 0.1128\nRecall      : 0.0285\nF_0.5       : 0.0709'],
      ['INPUT', 0, 0, 1994, 'Precision   : 1.0000\nRecall      : 0.0000\nF_0.5       : 0.0000'],
    ];
    for (const [system, correct, proposed, goldCount, printed] of cases) {
      it(`${system}: ${correct}/${proposed}/${goldCount}, every sentence as the official verbose report`, () => {
        const hyp = loadSystemLines(readFileSync(join(dir, 'submissions', system), 'utf8'));
        const r = scoreM2(hyp, loadGold());
        expect([r.correct, r.proposed, r.gold]).toEqual([correct, proposed, goldCount]);
        expect(formatM2Report(r)).toBe(printed);
        expect(r.limitHits).toEqual([]);
        const rows = readFileSync(join(dir, 'm2scorer-per-sentence', `${system}.tsv`), 'utf8')
          .trim()
          .split('\n')
          .slice(1);
        expect(rows).toHaveLength(r.sentences.length);
        const mismatches: string[] = [];
        rows.forEach((row, i) => {
          const [, annotator, c, p, g, , hypEdits, correctEdits] = row.split('\t');
          const s = r.sentences[i]!;
          const mine = [
            String(s.annotator),
            String(s.correct),
            String(s.proposed),
            String(s.gold),
            JSON.stringify(s.edits.map(shrinkEdit).map((e) => [e.start, e.end, e.original, e.correction])),
            JSON.stringify(s.matched.map((e) => [e.start, e.end, e.original, e.correction])),
          ];
          const theirs = [
            annotator,
            c,
            p,
            g,
            JSON.stringify(JSON.parse(hypEdits!)),
            JSON.stringify(JSON.parse(correctEdits!)),
          ];
          if (JSON.stringify(mine) !== JSON.stringify(theirs))
            mismatches.push(`line ${i + 1}: ${mine} vs ${theirs}`);
        });
        expect(mismatches.slice(0, 3)).toEqual([]);
      });
    }
  },
);
