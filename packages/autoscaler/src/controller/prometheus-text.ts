/** One sample of the Prometheus text exposition format. */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseValue(raw: string): number {
  if (raw === '+Inf' || raw === 'Inf') return Number.POSITIVE_INFINITY;
  if (raw === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(raw);
}

/** Parses `{a="x",b="y\"z"}` starting at `start` (the `{`); returns labels and the index after `}`. */
function parseLabels(
  line: string,
  start: number,
): { labels: Record<string, string>; end: number } | undefined {
  const labels: Record<string, string> = {};
  let i = start + 1;
  while (i < line.length) {
    while (line[i] === ' ' || line[i] === ',') i++;
    if (line[i] === '}') return { labels, end: i + 1 };
    const eq = line.indexOf('=', i);
    if (eq < 0 || line[eq + 1] !== '"') return undefined;
    const key = line.slice(i, eq).trim();
    let value = '';
    let j = eq + 2;
    for (; j < line.length && line[j] !== '"'; j++) {
      if (line[j] === '\\') {
        const next = line[j + 1];
        value += next === 'n' ? '\n' : (next ?? '');
        j++;
      } else {
        value += line[j];
      }
    }
    if (j >= line.length) return undefined;
    labels[key] = value;
    i = j + 1;
  }
  return undefined;
}

/**
 * Samples of one metric family from a /metrics body (text format 0.0.4, as prom-client serves it).
 * Malformed lines are skipped: one bad line must not blind the autoscaler.
 */
export function parsePrometheusText(text: string, metricName: string): PromSample[] {
  const samples: PromSample[] = [];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || !line.startsWith(metricName)) continue;
    const after = line[metricName.length];
    if (after !== '{' && after !== ' ' && after !== '\t') continue;
    let labels: Record<string, string> = {};
    let rest: string;
    if (after === '{') {
      const parsed = parseLabels(line, metricName.length);
      if (!parsed) continue;
      labels = parsed.labels;
      rest = line.slice(parsed.end);
    } else {
      rest = line.slice(metricName.length);
    }
    const [valueText] = rest.trim().split(/\s+/);
    if (valueText === undefined) continue;
    const value = parseValue(valueText);
    if (Number.isNaN(value)) continue;
    samples.push({ name: metricName, labels, value });
  }
  return samples;
}
