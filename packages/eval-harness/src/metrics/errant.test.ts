import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GEC, hasGecData } from '../test-support/shared-data.ts';
import { errantFScore, formatErrantReport, scoreErrant } from './errant.ts';

const REF = `S He go to school in monday .
A 1 2|||R:VERB:SVA|||goes|||REQUIRED|||-NONE-|||0
A 4 5|||R:PREP|||on|||REQUIRED|||-NONE-|||0
A 5 6|||R:ORTH|||Monday|||REQUIRED|||-NONE-|||0
A 1 2|||R:VERB:SVA|||goes|||REQUIRED|||-NONE-|||1

S Fine .
A -1 -1|||noop|||-NONE-|||REQUIRED|||-NONE-|||0`;

const HYP = `S He go to school in monday .
A 1 2|||R:VERB:SVA|||goes|||REQUIRED|||-NONE-|||0
A 4 5|||R:PREP|||at|||REQUIRED|||-NONE-|||0

S Fine .
A 0 0|||M:ADV|||Very|||REQUIRED|||-NONE-|||0`;

describe('scoreErrant (compare_m2)', () => {
  it('picks per sentence the reference that maximises the running F, then counts TP/FP/FN', () => {
    const r = scoreErrant(HYP, REF);
    // sentence 1: ref 1 (only "goes") gives TP1 FP1 FN0 → F 0.5556 beats ref 0 (TP1 FP1 FN2); sentence 2: FP1
    expect([r.tp, r.fp, r.fn]).toEqual([1, 2, 0]);
    expect(r.sentences).toEqual([
      { tp: 1, fp: 1, fn: 0 },
      { tp: 0, fp: 1, fn: 0 },
    ]);
    expect([r.precision, r.recall, r.f05]).toEqual(errantFScore(1, 2, 0, 0.5));
    expect(r.categories['R:PREP']).toEqual([0, 1, 0]);
  });
  it('span detection ignores the correction string', () => {
    const ds = scoreErrant(HYP, REF, { mode: 'ds' });
    const cs = scoreErrant(HYP, REF, { mode: 'cs' });
    expect(ds.tp).toBeGreaterThanOrEqual(cs.tp);
    expect(ds.tp).toBe(2);
  });
  it('prints the compare_m2 table', () => {
    expect(formatErrantReport(scoreErrant(HYP, REF))).toContain(
      'TP\tFP\tFN\tPrec\tRec\tF0.5\n1\t2\t0\t0.3333\t1.0\t0.3846',
    );
  });
});

describe.skipIf(!hasGecData('conll14/errant-hyp/T5-Large.m2', 'ERRANT CoNLL-2014 figures'))(
  'ERRANT on CoNLL-2014 hypothesis M2 files',
  () => {
    // Read lazily: a skipped suite's body still runs at collection time, where the data may be absent.
    const ref = () =>
      readFileSync(join(GEC, 'conll14/gold/official-2014.combined.errant-typed.esc.m2'), 'utf8');
    for (const system of ['T5-Large', 'GECToR-XLNet', 'UEDIN-MS']) {
      it(`${system}: counts are consistent across modes and with the printed P/R/F`, () => {
        const hyp = readFileSync(join(GEC, 'conll14/errant-hyp', `${system}.m2`), 'utf8');
        const gold = ref();
        const cs = scoreErrant(hyp, gold);
        const cse = scoreErrant(hyp, gold, { mode: 'cse' });
        const ds = scoreErrant(hyp, gold, { mode: 'ds' });
        expect(cs.sentences).toHaveLength(1312);
        expect(cse.tp).toBeLessThanOrEqual(cs.tp);
        expect(ds.tp).toBeGreaterThanOrEqual(cs.tp);
        expect([cs.precision, cs.recall, cs.f05]).toEqual(errantFScore(cs.tp, cs.fp, cs.fn, 0.5));
        expect(cs.f05).toBeGreaterThan(0.5);
        expect(cs.f05).toBeLessThan(0.7);
      });
    }
  },
);
