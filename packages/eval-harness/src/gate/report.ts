import { prf } from '../metrics/m2-scorer.ts';
import type { GateReport } from './run-gate.ts';
import { histogramSvg } from './svg-charts.ts';

const f4 = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : v.toFixed(4));
const ms = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : `${v.toFixed(0)} ms`);
const signed = (v: number) => (v >= 0 ? `+${v.toFixed(4)}` : v.toFixed(4));
const esc = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const cell = (s: string | null) => (s === null ? '_(error)_' : s.replace(/\|/g, '\\|').replace(/\n/g, ' '));

function scoreRows(r: GateReport): string[][] {
  const rows = [
    [
      'F0.5 (m2scorer)',
      f4(r.f05.baseline),
      f4(r.f05.candidate),
      signed(r.delta),
      `[${f4(r.ci[0])}, ${f4(r.ci[1])}]`,
      r.verdicts.f05,
    ],
  ];
  if (r.gleu && r.verdicts.gleu) {
    rows.push([
      'GLEU',
      f4(r.gleu.baseline),
      f4(r.gleu.candidate),
      signed(r.gleu.delta),
      `[${f4(r.gleu.ci[0])}, ${f4(r.gleu.ci[1])}]`,
      r.verdicts.gleu,
    ]);
  }
  rows.push([
    'latency p99 (e2e)',
    ms(r.latency.baselineP99),
    ms(r.latency.candidateP99),
    r.latencyRatio === null ? 'n/a' : `×${r.latencyRatio.toFixed(3)}`,
    `limit ×${r.options.maxLatencyRatio}`,
    r.verdicts.latency,
  ]);
  return rows;
}

function categoryRows(r: GateReport): string[][] {
  return r.categories.map(({ category, baseline, candidate }) => {
    const fb = prf(baseline[0], baseline[0] + baseline[1], baseline[0] + baseline[2]).f;
    const fc = prf(candidate[0], candidate[0] + candidate[1], candidate[0] + candidate[2]).f;
    return [category, baseline.join(' / '), candidate.join(' / '), f4(fb), f4(fc), signed(fc - fb)];
  });
}

function header(r: GateReport): string {
  return (
    `Verdict **${r.verdict}** — Δ F0.5 = ${signed(r.delta)}, ${Math.round(r.options.confidence * 100)}% CI ` +
    `[${f4(r.ci[0])}, ${f4(r.ci[1])}], margin −${r.options.maxDrop}; paired bootstrap over ${r.items.paired} sentences, ` +
    `${r.options.resamples} resamples, seed ${r.options.seed}.`
  );
}

export function renderMarkdownReport(r: GateReport): string {
  const table = (head: string[], rows: string[][]) =>
    [
      `| ${head.join(' | ')} |`,
      `|${head.map(() => '---').join('|')}|`,
      ...rows.map((row) => `| ${row.join(' | ')} |`),
    ].join('\n');
  const lines = [
    `# Rollout gate: ${r.runs.candidateModel} vs ${r.runs.baselineModel}`,
    '',
    header(r),
    '',
    `Baseline run: \`${r.runs.baseline}\`; candidate run: \`${r.runs.candidate}\`.`,
    '',
    '## Scores',
    '',
    table(['metric', 'baseline', 'candidate', 'Δ', 'interval', 'verdict'], scoreRows(r)),
    '',
    '## Per category (TP / FP / FN, categories from @redline/edits)',
    '',
    table(['category', 'baseline', 'candidate', 'F0.5 base', 'F0.5 cand', 'Δ'], categoryRows(r)),
    '',
    `## Regressed examples (${r.regressions.length}, worst first by sentence F0.5)`,
    '',
    table(
      ['id', 'source', 'baseline', 'candidate', 'F0.5 b→c'],
      r.regressions.map((x) => [
        x.id,
        cell(x.source),
        cell(x.baseline),
        cell(x.candidate),
        `${x.baselineF.toFixed(2)} → ${x.candidateF.toFixed(2)}`,
      ]),
    ),
    '',
    '## Latency (end to end)',
    '',
    `baseline p99 ${ms(r.latency.baselineP99)}, candidate p99 ${ms(r.latency.candidateP99)}; charts in report.html.`,
    '',
  ];
  return lines.join('\n');
}

export function renderHtmlReport(r: GateReport): string {
  const table = (head: string[], rows: string[][]) =>
    `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
      .map((row) => `<tr>${row.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  const color = { PASS: '#1a7f37', FAIL: '#cf222e', INCONCLUSIVE: '#9a6700' }[r.verdict];
  const deltaChart = histogramSvg(
    'Bootstrap distribution of Δ F0.5 (candidate − baseline)',
    [{ label: 'Δ F0.5', values: r.bootstrap.f05.samples, color: '#0969da' }],
    {
      markers: [
        { x: -r.options.maxDrop, label: `−margin`, color: '#cf222e' },
        { x: r.ci[0], label: 'lo', color: '#444' },
        { x: r.ci[1], label: 'hi', color: '#444' },
      ],
    },
  );
  const latencyChart = histogramSvg(
    'End-to-end latency per request',
    [
      { label: 'baseline', values: r.latencySamples.baseline, color: '#6e7781' },
      { label: 'candidate', values: r.latencySamples.candidate, color: '#bf3989' },
    ],
    { unit: ' ms' },
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rollout gate ${esc(r.verdict)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#1f2328}
table{border-collapse:collapse;margin:1em 0;font-size:14px}td,th{border:1px solid #d0d7de;padding:4px 8px;vertical-align:top;text-align:left}
th{background:#f6f8fa}.verdict{font-size:1.6em;font-weight:700;color:${color}}</style></head><body>
<h1>Rollout gate: ${esc(r.runs.candidateModel)} vs ${esc(r.runs.baselineModel)}</h1>
<p class="verdict">${esc(r.verdict)}</p>
<p>${esc(header(r).replace(/\*\*/g, ''))}</p>
<h2>Scores</h2>${table(['metric', 'baseline', 'candidate', 'Δ', 'interval', 'verdict'], scoreRows(r))}
${deltaChart}
<h2>Per category (TP / FP / FN)</h2>${table(['category', 'baseline', 'candidate', 'F0.5 base', 'F0.5 cand', 'Δ'], categoryRows(r))}
<h2>Regressed examples</h2>${table(
    ['id', 'source', 'baseline', 'candidate', 'F0.5 b→c'],
    r.regressions.map((x) => [
      x.id,
      x.source,
      x.baseline ?? '(error)',
      x.candidate ?? '(error)',
      `${x.baselineF.toFixed(2)} → ${x.candidateF.toFixed(2)}`,
    ]),
  )}
<h2>Latency</h2>${latencyChart}
</body></html>
`;
}
