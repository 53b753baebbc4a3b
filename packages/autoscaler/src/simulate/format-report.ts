/** The comparison as a Markdown table (printed by `simulate`, pasted into the README). */
import type { ComparisonReport } from './run-comparison.ts';

export function formatComparisonTable(report: ComparisonReport): string {
  const s = report.settings;
  const cal = report.calibration;
  const lines = [
    `Fleet at ${(s.scale * 100).toFixed(2)} % of the 200 000 req/s design peak (${s.peakRps} req/s peak), ` +
      `${s.profile}, pod start-up ${s.podStartupMs / 1000} s, SLO p99 ${s.sloMs} ms` +
      (cal
        ? `; per-pod target calibrated in fleet-sim: ${cal.targetConcurrencyPerPod.toFixed(1)} in flight = ` +
          `${cal.targetRpsPerPod.toFixed(1)} req/s.`
        : '.'),
    'GPU-hours are those of the scaled, time-compressed run (starting and draining pods included). ' +
      'Reversals/h: per simulated hour (per hour of trace time in brackets).',
    '',
    '| trace | policy | within 1 s | success | GPU-h | scale events | reversals/h | burst recovery s | p99 ms | peak pods |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const t of report.traces) {
    if (t.skipped) {
      lines.push(`| ${t.trace} | skipped: ${t.skipped} | | | | | | | | |`);
      continue;
    }
    if (t.memoryDay) {
      const r = t.memoryDay;
      lines.push(
        `| ${t.trace} | (redline, day before, no memory) | ${pct(r.sloAttainment)} | ${pct(r.successRate)} | ` +
          `${r.gpuHours.toFixed(2)} | ${r.scaleEvents} | ${r.reversalsPerHour.toFixed(1)} (${r.reversalsPerTraceHour.toFixed(2)}) | ` +
          `${r.burstRecoverySec === null ? '-' : r.burstRecoverySec.toFixed(0)} | ${Math.round(r.latency.p99)} | ${r.peakPods} |`,
      );
    }
    const name = t.variant ? `${t.trace} (${t.variant})` : t.trace;
    for (const r of t.runs) {
      lines.push(
        `| ${name} | ${r.policy} | ${pct(r.sloAttainment)} | ${pct(r.successRate)} | ${r.gpuHours.toFixed(2)} | ` +
          `${r.scaleEvents} | ${r.reversalsPerHour.toFixed(1)} (${r.reversalsPerTraceHour.toFixed(2)}) | ${r.burstRecoverySec === null ? '-' : r.burstRecoverySec.toFixed(0)} | ` +
          `${Math.round(r.latency.p99)} | ${r.peakPods} |`,
      );
    }
  }
  lines.push('');
  for (const t of report.traces) {
    if (!t.target) continue;
    const c = t.target;
    lines.push(
      `${t.trace}: target ${c.met ? 'MET' : 'NOT met'} (SLO ≥ KPA and HPA: ${yes(c.sloAtLeastOthers)}, fewer GPU-hours: ` +
        `${yes(c.fewerGpuHours)}, ≤ 1 reversal per simulated hour: ${yes(c.reversalsPerHourAtMostOne)}, ` +
        `per trace hour: ${yes(c.reversalsPerTraceHourAtMostOne)})`,
    );
  }
  for (const t of report.traces)
    if (t.description && !t.variant) lines.push(`- ${t.trace}: ${t.description}`);
  for (const t of report.traces)
    if (t.variant)
      lines.push(
        `- ${t.trace} (${t.variant}): the same step; those pods serve normally but never report metrics ` +
          '(scrape failure). Not part of the target: a policy blocked from scaling up also spends fewer GPU-hours.',
      );
  return lines.join('\n');
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
const yes = (b: boolean) => (b ? 'yes' : 'no');
