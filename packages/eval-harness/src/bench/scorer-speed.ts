/**
 * Benchmark: wall time of the m2scorer port on every CoNLL-2014 system output (the official Python
 * scorer takes minutes per system), of GLEU on JFLEG dev and of ERRANT on the five hypothesis M2 files.
 * Prints a table and writes bench/results/eval-harness-scorers.json at the repo root.
 *   npx tsx src/bench/scorer-speed.ts
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { scoreErrant } from '../metrics/errant.ts';
import { computeGleu, gleuTokens } from '../metrics/gleu.ts';
import { loadM2Gold, loadSystemLines } from '../metrics/m2-gold.ts';
import { scoreM2 } from '../metrics/m2-scorer.ts';
import { pyFormatFixed, pyReadlines } from '../metrics/python-compat.ts';
import { GEC } from '../test-support/shared-data.ts';

if (!existsSync(GEC)) {
  console.error(`no data at ${GEC}; nothing to benchmark`);
  process.exit(0);
}
const time = <T>(fn: () => T): [T, number] => {
  const t = performance.now();
  const value = fn();
  return [value, performance.now() - t];
};
const conll = join(GEC, 'conll14');
const gold = loadM2Gold(readFileSync(join(conll, 'gold/official-2014.combined.m2'), 'utf8'));
const m2Rows = readdirSync(join(conll, 'submissions'))
  .sort()
  .map((system) => {
    const hyp = loadSystemLines(readFileSync(join(conll, 'submissions', system), 'utf8'));
    const [r, ms] = time(() => scoreM2(hyp, gold));
    return {
      system,
      correct: r.correct,
      proposed: r.proposed,
      gold: r.gold,
      p: pyFormatFixed(r.precision, 4),
      r: pyFormatFixed(r.recall, 4),
      f05: pyFormatFixed(r.f, 4),
      ms: Math.round(ms),
      limitHits: r.limitHits.length,
    };
  });
console.table(m2Rows);
const read = (p: string) => gleuTokens(pyReadlines(readFileSync(join(GEC, 'jfleg', p), 'utf8')));
const [gleu, gleuMs] = time(() =>
  computeGleu(
    read('dev/dev.src'),
    [0, 1, 2, 3].map((i) => read(`dev/dev.ref${i}`)),
    read('system-outputs/naacl2018.jflegdev.out'),
  ),
);
console.log(
  `GLEU naacl2018 dev: mean ${pyFormatFixed(gleu.mean, 6)} std ${pyFormatFixed(gleu.std, 6)} in ${Math.round(gleuMs)} ms`,
);
const ref = readFileSync(join(conll, 'gold/official-2014.combined.errant-typed.esc.m2'), 'utf8');
const errantRows = readdirSync(join(conll, 'errant-hyp'))
  .sort()
  .map((file) => {
    const [r, ms] = time(() => scoreErrant(readFileSync(join(conll, 'errant-hyp', file), 'utf8'), ref));
    return {
      system: file.replace(/\.m2$/, ''),
      tp: r.tp,
      fp: r.fp,
      fn: r.fn,
      p: r.precision,
      r: r.recall,
      f05: r.f05,
      ms: Math.round(ms),
    };
  });
console.table(errantRows);
const out = resolve(GEC, '../../../main/bench/results');
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, 'eval-harness-scorers.json'),
  `${JSON.stringify({ at: new Date().toISOString(), m2: m2Rows, gleu: { mean: gleu.mean, std: gleu.std, ci: gleu.ci, ms: Math.round(gleuMs) }, errant: errantRows }, null, 2)}\n`,
);
console.log(`wrote ${join(out, 'eval-harness-scorers.json')}`);
