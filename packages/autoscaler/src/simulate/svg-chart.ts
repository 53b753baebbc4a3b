/**
 * Hand-written SVG line charts (no dependencies): one panel per policy, each with demand (in pods at the
 * calibrated per-pod throughput), desired pods and ready pods over time, on a shared y scale so panels compare.
 */
export interface ChartSeries {
  label: string;
  color: string;
  /** [x (seconds), y] points. */
  points: readonly (readonly [number, number])[];
  dashed?: boolean;
}

export interface ChartPanel {
  title: string;
  series: readonly ChartSeries[];
}

const WIDTH = 900;
const PANEL_HEIGHT = 220;
const MARGIN = { left: 56, right: 150, top: 28, bottom: 30 };

export function renderChart(title: string, subtitle: string, panels: readonly ChartPanel[]): string {
  const allPoints = panels.flatMap((p) => p.series.flatMap((s) => s.points));
  const xMax = Math.max(1, ...allPoints.map(([x]) => x));
  const yMax = niceCeil(Math.max(1, ...allPoints.map(([, y]) => (Number.isFinite(y) ? y : 0))));
  const height = 56 + panels.length * PANEL_HEIGHT;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${MARGIN.left}" y="20" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${MARGIN.left}" y="38" fill="#555">${escapeXml(subtitle)}</text>`,
  ];
  panels.forEach((panel, i) => {
    parts.push(renderPanel(panel, 48 + i * PANEL_HEIGHT, xMax, yMax));
  });
  parts.push('</svg>');
  return parts.join('\n');
}

function renderPanel(panel: ChartPanel, top: number, xMax: number, yMax: number): string {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const x0 = MARGIN.left;
  const y0 = top + MARGIN.top;
  const sx = (x: number) => x0 + (x / xMax) * plotW;
  const sy = (y: number) => y0 + plotH - (Math.min(y, yMax) / yMax) * plotH;
  const out: string[] = [
    `<g>`,
    `<text x="${x0}" y="${y0 - 8}" font-weight="bold">${escapeXml(panel.title)}</text>`,
  ];
  out.push(`<rect x="${x0}" y="${y0}" width="${plotW}" height="${plotH}" fill="none" stroke="#bbb"/>`);
  for (let k = 0; k <= 4; k++) {
    const y = (yMax * k) / 4;
    out.push(
      `<line x1="${x0}" x2="${x0 + plotW}" y1="${fix(sy(y))}" y2="${fix(sy(y))}" stroke="#eee"/>`,
      `<text x="${x0 - 6}" y="${fix(sy(y) + 4)}" text-anchor="end">${Math.round(y)}</text>`,
    );
  }
  const xStep = niceStep(xMax / 6);
  for (let x = 0; x <= xMax; x += xStep) {
    out.push(
      `<text x="${fix(sx(x))}" y="${y0 + plotH + 16}" text-anchor="middle">${formatSeconds(x)}</text>`,
    );
  }
  panel.series.forEach((s, i) => {
    const d = s.points
      .filter(([, y]) => Number.isFinite(y))
      .map(([x, y], j) => `${j === 0 ? 'M' : 'L'}${fix(sx(x))},${fix(sy(y))}`)
      .join('');
    const dash = s.dashed ? ' stroke-dasharray="4 3"' : '';
    out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.4"${dash}/>`);
    const ly = y0 + 12 + i * 16;
    out.push(
      `<line x1="${x0 + plotW + 12}" x2="${x0 + plotW + 32}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"${dash}/>`,
      `<text x="${x0 + plotW + 38}" y="${ly}">${escapeXml(s.label)}</text>`,
    );
  });
  out.push('</g>');
  return out.join('\n');
}

function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function niceStep(v: number): number {
  const p = 10 ** Math.floor(Math.log10(Math.max(1, v)));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function formatSeconds(s: number): string {
  return s >= 120 ? `${Math.round(s / 60)} min` : `${Math.round(s)} s`;
}

const fix = (n: number) => n.toFixed(1);

export function escapeXml(s: string): string {
  return s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}
