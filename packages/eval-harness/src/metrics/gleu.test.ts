import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GEC, hasGecData } from '../test-support/shared-data.ts';
import { computeGleu, formatGleu, gleuFromStats, gleuStats, gleuTokens } from './gleu.ts';
import { pyReadlines } from './python-compat.ts';

const tok = (s: string) => s.split(' ');

describe('GLEU statistics', () => {
  it('rewards n-grams shared with the reference and penalises source n-grams the reference dropped', () => {
    const src = tok('he go to school');
    const ref = tok('he goes to school');
    const fixed = gleuStats(tok('he goes to school'), src, ref);
    const copied = gleuStats(src, src, ref);
    expect(fixed.slice(0, 4)).toEqual([4, 4, 4, 4]);
    // copying the source: 2 unigrams match the ref ("he", "to", "school" = 3) minus "go" kept from source (1)
    expect(copied[2]).toBe(3 - 1);
    expect(gleuFromStats(fixed)).toBe(1);
    expect(gleuFromStats(copied)).toBeLessThan(gleuFromStats(fixed));
  });
  it('is zero when any statistic is zero unless smoothed', () => {
    const stats = gleuStats(tok('a b'), tok('x y'), tok('c d e f'));
    expect(gleuFromStats(stats)).toBe(0);
    expect(gleuFromStats(stats, true)).toBeGreaterThan(0);
  });
  it('iterations with one reference all agree (std 0)', () => {
    const r = computeGleu([tok('a b c d e')], [[tok('a b c d f')]], [tok('a b c d f')], { iterations: 20 });
    expect(r.std).toBe(0);
    expect(r.mean).toBeCloseTo(1, 12);
  });
});

describe.skipIf(!hasGecData('jfleg/dev/dev.src', 'JFLEG GLEU figure'))('JFLEG published GLEU', () => {
  it('naacl2018 dev output → mean 0.541276, std 0.008555, 95% CI (0.525, 0.558)', () => {
    const read = (p: string) => gleuTokens(pyReadlines(readFileSync(join(GEC, 'jfleg', p), 'utf8')));
    const result = computeGleu(
      read('dev/dev.src'),
      [0, 1, 2, 3].map((i) => read(`dev/dev.ref${i}`)),
      read('system-outputs/naacl2018.jflegdev.out'),
    );
    expect(formatGleu(result)).toBe("[['0.541276', '0.008555', '(0.525,0.558)']]");
    expect(result.scores).toHaveLength(500);
  });
});
