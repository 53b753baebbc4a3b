/** Small self-contained SVG charts for the gate report (no scripts, no external assets). */

const escapeXml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export interface Series {
  label: string;
  values: number[];
  color: string;
}

/** Overlaid histograms of several series on shared bins, with optional vertical markers. */
export function histogramSvg(
  title: string,
  series: Series[],
  options: {
    bins?: number;
    unit?: string;
    markers?: Array<{ x: number; label: string; color: string }>;
  } = {},
): string {
  const width = 560;
  const height = 220;
  const pad = { l: 40, r: 10, t: 24, b: 32 };
  const all = series.flatMap((s) => s.values);
  const marks = options.markers ?? [];
  if (all.length === 0)
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="40"><text x="4" y="20">${escapeXml(title)}: no data</text></svg>`;
  let lo = Math.min(...all, ...marks.map((m) => m.x));
  let hi = Math.max(...all, ...marks.map((m) => m.x));
  if (hi === lo) {
    lo -= 1;
    hi += 1;
  }
  const bins = options.bins ?? 30;
  const binWidth = (hi - lo) / bins;
  const counts = series.map((s) => {
    const c = new Array<number>(bins).fill(0);
    for (const v of s.values) c[Math.min(bins - 1, Math.floor((v - lo) / binWidth))]!++;
    return c;
  });
  const maxCount = Math.max(1, ...counts.flat());
  const plotW = width - pad.l - pad.r;
  const plotH = height - pad.t - pad.b;
  const x = (v: number) => pad.l + ((v - lo) / (hi - lo)) * plotW;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    `<text x="${pad.l}" y="16" font-size="13" font-family="sans-serif">${escapeXml(title)}</text>`,
    `<line x1="${pad.l}" y1="${pad.t + plotH}" x2="${pad.l + plotW}" y2="${pad.t + plotH}" stroke="#444"/>`,
  ];
  counts.forEach((c, si) => {
    const color = series[si]!.color;
    c.forEach((count, b) => {
      if (count === 0) return;
      const h = (count / maxCount) * plotH;
      parts.push(
        `<rect x="${(pad.l + b * (plotW / bins)).toFixed(1)}" y="${(pad.t + plotH - h).toFixed(1)}" width="${(plotW / bins - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${color}" fill-opacity="0.5"/>`,
      );
    });
  });
  for (const m of marks) {
    parts.push(
      `<line x1="${x(m.x).toFixed(1)}" y1="${pad.t}" x2="${x(m.x).toFixed(1)}" y2="${pad.t + plotH}" stroke="${m.color}" stroke-dasharray="4 3"/>`,
      `<text x="${(x(m.x) + 3).toFixed(1)}" y="${pad.t + 10}" font-size="10" font-family="sans-serif" fill="${m.color}">${escapeXml(m.label)}</text>`,
    );
  }
  const unit = options.unit ?? '';
  parts.push(
    `<text x="${pad.l}" y="${height - 10}" font-size="10" font-family="sans-serif">${escapeXml(fmt(lo) + unit)}</text>`,
    `<text x="${pad.l + plotW}" y="${height - 10}" font-size="10" font-family="sans-serif" text-anchor="end">${escapeXml(fmt(hi) + unit)}</text>`,
  );
  series.forEach((s, i) => {
    parts.push(
      `<rect x="${pad.l + plotW - 150}" y="${pad.t + 4 + i * 14}" width="10" height="10" fill="${s.color}" fill-opacity="0.5"/>`,
      `<text x="${pad.l + plotW - 136}" y="${pad.t + 13 + i * 14}" font-size="11" font-family="sans-serif">${escapeXml(s.label)} (n=${s.values.length})</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

function fmt(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(4);
}
