import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { prf } from '../metrics/m2-scorer.ts';
import type { ItemRecord } from '../run/run-eval.ts';
import type { CategoryCounts } from '../run/score-run.ts';
import { type BootstrapResult, type PairedSentence, pairedBootstrap } from './bootstrap.ts';
import { type LoadedRun, loadRun } from './load-run.ts';
import { renderHtmlReport, renderMarkdownReport } from './report.ts';
import { combineVerdicts, latencyVerdict, qualityVerdict, type Verdict } from './verdict.ts';

export interface GateOptions {
  baseline: string | LoadedRun;
  candidate: string | LoadedRun;
  maxDrop?: number;
  confidence?: number;
  maxLatencyRatio?: number;
  resamples?: number;
  seed?: number;
  /** Where report.md / report.html go; default <candidate>/gate. */
  reportDir?: string;
  /** How many regressed examples the report shows. */
  examples?: number;
}

export interface RegressedExample {
  id: string;
  source: string;
  references: string[];
  baseline: string | null;
  candidate: string | null;
  baselineF: number;
  candidateF: number;
}

export interface GateReport {
  verdict: Verdict;
  verdicts: { f05: Verdict; gleu: Verdict | null; latency: Verdict };
  /** Δ corpus F0.5 (candidate − baseline) and its bootstrap interval. */
  delta: number;
  ci: [number, number];
  gleu: { delta: number; ci: [number, number]; baseline: number; candidate: number } | null;
  f05: { baseline: number; candidate: number };
  latencyRatio: number | null;
  latency: { baselineP99: number | null; candidateP99: number | null };
  options: Required<Omit<GateOptions, 'baseline' | 'candidate' | 'reportDir' | 'examples'>>;
  items: { paired: number; baselineOnly: number; candidateOnly: number };
  categories: Array<{
    category: string;
    baseline: [number, number, number];
    candidate: [number, number, number];
  }>;
  regressions: RegressedExample[];
  bootstrap: BootstrapResult;
  runs: { baseline: string; candidate: string; baselineModel: string; candidateModel: string };
  latencySamples: { baseline: number[]; candidate: number[] };
  reportPaths: { markdown: string; html: string; json: string };
}

export class GateInputError extends Error {
  override readonly name = 'GateInputError';
}

function sentenceF(s: { correct: number; proposed: number; gold: number }): number {
  return prf(s.correct, s.proposed, s.gold).f;
}

function sumCategories(items: ItemRecord[]): CategoryCounts {
  const total: CategoryCounts = {};
  for (const item of items) {
    for (const [cat, c] of Object.entries(item.score.categories)) {
      const acc = total[cat] ?? [0, 0, 0];
      total[cat] = [acc[0] + c[0], acc[1] + c[1], acc[2] + c[2]];
    }
  }
  return total;
}

/** Compare two eval runs and decide whether the candidate may replace the baseline. */
export function runGate(options: GateOptions): GateReport {
  const base = typeof options.baseline === 'string' ? loadRun(options.baseline) : options.baseline;
  const cand = typeof options.candidate === 'string' ? loadRun(options.candidate) : options.candidate;
  const settings = {
    maxDrop: options.maxDrop ?? 0.02,
    confidence: options.confidence ?? 0.95,
    maxLatencyRatio: options.maxLatencyRatio ?? 1.2,
    resamples: options.resamples ?? 1000,
    seed: options.seed ?? 1,
  };
  if (!(settings.confidence > 0 && settings.confidence < 1))
    throw new GateInputError('confidence must be in (0, 1)');
  if (!(settings.resamples >= 1)) throw new GateInputError('resamples must be ≥ 1');
  const candById = new Map(cand.items.map((i) => [i.id, i]));
  const pairs: Array<[ItemRecord, ItemRecord]> = [];
  for (const b of base.items) {
    const c = candById.get(b.id);
    if (c) pairs.push([b, c]);
  }
  if (pairs.length === 0) throw new GateInputError('baseline and candidate share no item ids');
  const rows: PairedSentence[] = pairs.map(([b, c]) => ({
    base: { ...b.score.m2, gleu: b.score.gleuStats },
    cand: { ...c.score.m2, gleu: c.score.gleuStats },
  }));
  const bootstrap = pairedBootstrap(rows, settings);
  const f05Verdict = qualityVerdict(bootstrap.f05.ci, settings.maxDrop);
  const gleuVerdict = bootstrap.gleu ? qualityVerdict(bootstrap.gleu.ci, settings.maxDrop) : null;
  const baselineP99 = base.summary.latency.e2e.p99;
  const candidateP99 = cand.summary.latency.e2e.p99;
  const latencyRatio = baselineP99 && candidateP99 !== null ? candidateP99 / baselineP99 : null;
  const latency = latencyVerdict(latencyRatio, settings.maxLatencyRatio);
  const verdict = combineVerdicts([f05Verdict, ...(gleuVerdict ? [gleuVerdict] : []), latency]);

  const baseCats = sumCategories(pairs.map((p) => p[0]));
  const candCats = sumCategories(pairs.map((p) => p[1]));
  const categories = [...new Set([...Object.keys(baseCats), ...Object.keys(candCats)])]
    .sort()
    .map((category) => ({
      category,
      baseline: baseCats[category] ?? ([0, 0, 0] as [number, number, number]),
      candidate: candCats[category] ?? ([0, 0, 0] as [number, number, number]),
    }));
  const regressions = pairs
    .map(([b, c]) => ({
      id: b.id,
      source: b.source,
      references: b.references,
      baseline: b.output,
      candidate: c.output,
      baselineF: sentenceF(b.score.m2),
      candidateF: sentenceF(c.score.m2),
    }))
    .filter((r) => r.candidateF < r.baselineF)
    .sort((x, y) => x.candidateF - x.baselineF - (y.candidateF - y.baselineF) || x.id.localeCompare(y.id))
    .slice(0, options.examples ?? 20);

  const reportDir = resolve(options.reportDir ?? join(cand.dir, 'gate'));
  mkdirSync(reportDir, { recursive: true });
  const report: GateReport = {
    verdict,
    verdicts: { f05: f05Verdict, gleu: gleuVerdict, latency },
    delta: bootstrap.f05.delta,
    ci: bootstrap.f05.ci,
    gleu: bootstrap.gleu
      ? {
          delta: bootstrap.gleu.delta,
          ci: bootstrap.gleu.ci,
          baseline: bootstrap.gleu.baseline,
          candidate: bootstrap.gleu.candidate,
        }
      : null,
    f05: { baseline: bootstrap.f05.baseline, candidate: bootstrap.f05.candidate },
    latencyRatio,
    latency: { baselineP99, candidateP99 },
    options: settings,
    items: {
      paired: pairs.length,
      baselineOnly: base.items.length - pairs.length,
      candidateOnly: cand.items.length - pairs.length,
    },
    categories,
    regressions,
    bootstrap,
    runs: {
      baseline: base.dir,
      candidate: cand.dir,
      baselineModel: base.summary.model,
      candidateModel: cand.summary.model,
    },
    latencySamples: {
      baseline: base.items.flatMap((i) => (i.latencyMs === null ? [] : [i.latencyMs])),
      candidate: cand.items.flatMap((i) => (i.latencyMs === null ? [] : [i.latencyMs])),
    },
    reportPaths: {
      markdown: join(reportDir, 'report.md'),
      html: join(reportDir, 'report.html'),
      json: join(reportDir, 'gate.json'),
    },
  };
  writeFileSync(report.reportPaths.markdown, renderMarkdownReport(report));
  writeFileSync(report.reportPaths.html, renderHtmlReport(report));
  // The machine-readable verdict `redline-eval rollout start --gate-report` forwards to the gateway.
  const { bootstrap: _samples, latencySamples: _latencies, ...compact } = report;
  writeFileSync(report.reportPaths.json, `${JSON.stringify(compact, null, 2)}\n`);
  return report;
}
