import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PythonRandom } from '../metrics/python-random.ts';
import type { ItemRecord, RunSummary } from '../run/run-eval.ts';
import { percentiles } from '../run/score-run.ts';
import type { LoadedRun } from './load-run.ts';
import { runGate } from './run-gate.ts';
import { combineVerdicts, EXIT_CODES, qualityVerdict } from './verdict.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const reportDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'redline-gate-'));
  dirs.push(d);
  return d;
};

/** A synthetic run: each of n sentences has one gold edit; the system fixes it with probability `skill`. */
function syntheticRun(name: string, n: number, skill: number, seed: number, latencyMs: number): LoadedRun {
  const rng = new PythonRandom(seed);
  const items: ItemRecord[] = Array.from({ length: n }, (_, i) => {
    const fixed = rng.random() < skill;
    const spurious = rng.random() < 0.1 ? 1 : 0;
    const hypLen = 8;
    const match = fixed ? 8 : 6;
    const gleu = [hypLen, 8, match, 8, match - 1, 7, match - 2, 6, match - 3, 5];
    return {
      id: `s${i}`,
      source: `source sentence ${i}`,
      references: [`reference ${i}`],
      output: fixed ? `fixed ${i}` : `unfixed ${i}`,
      error: null,
      attempts: 1,
      cached: false,
      ttftMs: latencyMs / 4,
      latencyMs: latencyMs * (0.5 + rng.random()),
      promptTokens: 40,
      completionTokens: 12,
      score: {
        m2: { correct: fixed ? 1 : 0, proposed: (fixed ? 1 : 0) + spurious, gold: 1, annotator: 0 },
        gleuStats: [gleu],
        edits: [],
        categories: { grammar: [fixed ? 1 : 0, spurious, fixed ? 0 : 1] },
      },
    };
  });
  const summary = {
    model: name,
    latency: { e2e: percentiles(items.map((i) => i.latencyMs!)), ttft: percentiles([]) },
  } as unknown as RunSummary;
  return { dir: `/runs/${name}`, summary, items };
}

const base = syntheticRun('base', 300, 0.6, 11, 100);

describe('verdict logic', () => {
  it('maps intervals to FAIL / PASS / INCONCLUSIVE around the margin', () => {
    expect(qualityVerdict([-0.08, -0.03], 0.02)).toBe('FAIL');
    expect(qualityVerdict([-0.015, 0.01], 0.02)).toBe('PASS');
    expect(qualityVerdict([-0.02, 0.01], 0.02)).toBe('PASS');
    expect(qualityVerdict([-0.04, 0.0], 0.02)).toBe('INCONCLUSIVE');
    expect(combineVerdicts(['PASS', 'INCONCLUSIVE'])).toBe('INCONCLUSIVE');
    expect(combineVerdicts(['INCONCLUSIVE', 'FAIL', 'PASS'])).toBe('FAIL');
    expect(EXIT_CODES).toEqual({ PASS: 0, FAIL: 1, INCONCLUSIVE: 3 });
  });
});

describe('runGate on synthetic runs', () => {
  it('is deterministic for a seed and changes with the seed', () => {
    const cand = syntheticRun('cand', 300, 0.58, 12, 100);
    const a = runGate({ baseline: base, candidate: cand, reportDir: reportDir(), seed: 7 });
    const b = runGate({ baseline: base, candidate: cand, reportDir: reportDir(), seed: 7 });
    const c = runGate({ baseline: base, candidate: cand, reportDir: reportDir(), seed: 8 });
    expect(b.ci).toEqual(a.ci);
    expect(b.bootstrap.f05.samples).toEqual(a.bootstrap.f05.samples);
    expect(c.ci).not.toEqual(a.ci);
    expect(a.bootstrap.f05.samples).toHaveLength(1000);
    expect(a.ci[0]).toBeLessThan(a.delta);
    expect(a.ci[1]).toBeGreaterThan(a.delta);
  });

  it('passes an identical candidate with a zero-width interval', () => {
    const r = runGate({ baseline: base, candidate: { ...base, dir: '/runs/same' }, reportDir: reportDir() });
    expect(r.verdict).toBe('PASS');
    expect(r.delta).toBe(0);
    expect(r.ci).toEqual([0, 0]);
    expect(r.latencyRatio).toBe(1);
    expect(r.regressions).toEqual([]);
  });

  it('fails a clearly worse candidate and lists its regressions side by side', () => {
    const worse = syntheticRun('worse', 300, 0.3, 13, 100);
    const r = runGate({ baseline: base, candidate: worse, reportDir: reportDir() });
    expect(r.verdict).toBe('FAIL');
    expect(r.verdicts.f05).toBe('FAIL');
    expect(r.ci[1]).toBeLessThan(-0.02);
    expect(r.gleu?.ci[1]).toBeLessThan(0);
    expect(r.regressions.length).toBeGreaterThan(0);
    const md = readFileSync(r.reportPaths.markdown, 'utf8');
    expect(md).toContain('Verdict **FAIL**');
    expect(md).toContain(r.regressions[0]!.candidate!);
    const html = readFileSync(r.reportPaths.html, 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toContain('<script');
    expect(html).not.toMatch(/(src|href)="http/);
  });

  it('is inconclusive when the margin sits inside the interval', () => {
    const cand = syntheticRun('cand', 300, 0.55, 14, 100);
    const probe = runGate({ baseline: base, candidate: cand, reportDir: reportDir() });
    const r = runGate({ baseline: base, candidate: cand, reportDir: reportDir(), maxDrop: -probe.delta });
    expect(r.ci[0]).toBeLessThan(probe.delta);
    expect(r.verdicts.f05).toBe('INCONCLUSIVE');
  });

  it('fails on latency alone when p99 grows beyond the ratio', () => {
    const slow = syntheticRun('slow', 300, 0.6, 11, 150);
    const r = runGate({ baseline: base, candidate: slow, reportDir: reportDir(), maxLatencyRatio: 1.2 });
    expect(r.verdicts.f05).toBe('PASS');
    expect(r.latencyRatio).toBeCloseTo(1.5, 6);
    expect(r.verdict).toBe('FAIL');
    expect(existsSync(r.reportPaths.html)).toBe(true);
  });
});
