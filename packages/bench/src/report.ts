import type { BenchRow } from './row.ts';
import { SCENARIOS } from './scenarios.ts';

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

/** A fixed-width table for stdout. */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = [
    'scenario',
    'load',
    'system',
    'p50',
    'p90',
    'p99',
    'p99.9',
    'success',
    'goodput/s',
    'cpu',
    'ejections/retries',
  ];
  const lines = rows.map((r) => [
    r.scenario,
    `${r.loadPct}%`,
    r.system,
    r.p50Ms.toFixed(0),
    r.p90Ms.toFixed(0),
    r.p99Ms.toFixed(0),
    r.p999Ms.toFixed(0),
    pct(r.successRate),
    r.goodputRps.toFixed(1),
    Object.entries(r.cpu)
      .map(([k, v]) => `${k.split(':')[0]}=${v.toFixed(2)}`)
      .join(' '),
    r.router ? `${r.router.ejections}/${r.router.retries}` : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [fmt(header), ...lines.map(fmt)].join('\n');
}

export interface TargetCheck {
  scenario: string;
  ok: boolean;
  detail: string;
}

/** At a tie, the one to compare with is the tied system that lost the fewest requests. */
function tiedSuccess(redline: BenchRow, others: readonly BenchRow[]): string {
  const tied = others.filter((r) => r.p99Ms === redline.p99Ms);
  const strongest = tied.reduce((b, r) => (r.successRate > b.successRate ? r : b));
  return `success ${pct(redline.successRate)}, the best of the tied others ${strongest.system} ${pct(strongest.successRate)}`;
}

/**
 * The routing issue's targets at 85% load: redline has the lowest p99 of all systems in every scenario; p99 at most
 * 0.8x HAProxy random(2) in slow-pod and fast-503; success >= 99.99% wherever any peer reaches it.
 */
export function checkTargets(rows: readonly BenchRow[], loadPct = 85): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const scenario of SCENARIOS) {
    const at = rows.filter((r) => r.scenario === scenario && r.loadPct === loadPct);
    const redline = at.find((r) => r.system === 'gateway:redline');
    if (!redline) continue;
    const others = at.filter((r) => r !== redline);
    const best = others.reduce<BenchRow | undefined>((b, r) => (!b || r.p99Ms < b.p99Ms ? r : b), undefined);
    const lowest = !best || redline.p99Ms <= best.p99Ms;
    // More than 1 % failed in both: the p99 is the deadline for both, and only success and goodput differ.
    const tieAtDeadline = best !== undefined && redline.p99Ms === best.p99Ms && redline.successRate < 0.99;
    checks.push({
      scenario,
      ok: lowest,
      detail:
        `redline p99 ${redline.p99Ms} ms; best other ${best?.system ?? '-'} ${best?.p99Ms ?? '-'} ms` +
        (tieAtDeadline
          ? ` (a tie at the deadline: over 1 % failed in both; ${tiedSuccess(redline, others)})`
          : ''),
    });
    if (scenario === 'slow-pod' || scenario === 'fast-503') {
      const r2 = at.find((r) => r.system === 'haproxy:random(2)');
      if (r2) {
        const ratio = redline.p99Ms / r2.p99Ms;
        checks.push({
          scenario,
          ok: ratio <= 0.8,
          detail: `p99 ratio redline / haproxy:random(2) = ${ratio.toFixed(2)} (target <= 0.80)`,
        });
      }
    }
    if (others.some((r) => r.successRate >= 0.9999)) {
      checks.push({
        scenario,
        ok: redline.successRate >= 0.9999,
        detail: `redline success ${pct(redline.successRate)} (a peer reached 99.99%)`,
      });
    }
  }
  return checks;
}

export function markdownSummary(
  rows: readonly BenchRow[],
  meta: Record<string, unknown>,
  missing: readonly string[],
): string {
  const out: string[] = ['# Routing benchmark', ''];
  for (const [k, v] of Object.entries(meta))
    out.push(`- ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  if (missing.length) out.push(`- MISSING peers (not measured): ${missing.join(', ')}`);
  out.push(
    '',
    '| scenario | load | system | p50 ms | p90 ms | p99 ms | p99.9 ms | success | goodput/s | ejections / retries |',
  );
  out.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const router = r.router ? `${r.router.ejections} / ${r.router.retries}` : '';
    out.push(
      `| ${r.scenario} | ${r.loadPct}% | ${r.system} | ${r.p50Ms} | ${r.p90Ms} | ${r.p99Ms} | ${r.p999Ms} | ${pct(r.successRate)} | ${r.goodputRps} | ${router} |`,
    );
  }
  out.push('', '## Targets at 85% load', '');
  for (const c of checkTargets(rows)) out.push(`- ${c.ok ? 'MET' : 'NOT MET'} — ${c.scenario}: ${c.detail}`);
  return `${out.join('\n')}\n`;
}
