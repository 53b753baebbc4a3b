import type { LoadReport } from '@redline/router';

/** Header the gateway sends so vLLM attaches its ORCA load report to each response. */
export const ORCA_REQUEST_HEADER = 'endpoint-load-metrics-format';
/** Response header carrying the report. */
export const ORCA_RESPONSE_HEADER = 'endpoint-load-metrics';

const KNOWN = {
  kv_cache_usage_perc: 'kvCacheUsagePerc',
  num_requests_waiting: 'numRequestsWaiting',
  num_requests_running: 'numRequestsRunning',
} as const satisfies Record<string, keyof LoadReport>;

/**
 * Parse vLLM's ORCA `endpoint-load-metrics` header, in either encoding vLLM emits:
 *   TEXT named_metrics.kv_cache_usage_perc=0.3, named_metrics.num_requests_waiting=0, ...
 *   JSON {"named_metrics": {"kv_cache_usage_perc": 0.3, ...}}
 * Returns undefined when the header is absent or carries none of the metrics the router uses, so a pod
 * that does not report load is simply routed on in-flight counts instead of on made-up numbers.
 */
export function parseOrcaLoadHeader(value: string | string[] | undefined | null): LoadReport | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return undefined;
  const trimmed = raw.trim();
  const space = trimmed.indexOf(' ');
  const format = space === -1 ? '' : trimmed.slice(0, space).toUpperCase();
  const payload = space === -1 ? trimmed : trimmed.slice(space + 1);
  const metrics = format === 'JSON' ? parseJson(payload) : parseText(format === 'TEXT' ? payload : trimmed);
  return toLoadReport(metrics);
}

function parseText(payload: string): Map<string, number> {
  const metrics = new Map<string, number>();
  for (const pair of payload.split(',')) {
    const eq = pair.indexOf('=');
    if (eq === -1) continue;
    const key = pair
      .slice(0, eq)
      .trim()
      .replace(/^named_metrics\./, '');
    const num = Number(pair.slice(eq + 1).trim());
    if (key && Number.isFinite(num)) metrics.set(key, num);
  }
  return metrics;
}

function parseJson(payload: string): Map<string, number> {
  const metrics = new Map<string, number>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return metrics;
  }
  if (typeof parsed !== 'object' || parsed === null) return metrics;
  const named = (parsed as { named_metrics?: unknown }).named_metrics;
  const source = typeof named === 'object' && named !== null ? named : parsed;
  for (const [key, v] of Object.entries(source)) {
    if (typeof v === 'number' && Number.isFinite(v)) metrics.set(key, v);
  }
  return metrics;
}

function toLoadReport(metrics: Map<string, number>): LoadReport | undefined {
  // numRequestsRunning stays absent unless reported (vLLM's own header has only waiting and KV usage).
  const report: LoadReport = { numRequestsWaiting: 0, kvCacheUsagePerc: 0 };
  let found = false;
  for (const [key, field] of Object.entries(KNOWN)) {
    const v = metrics.get(key);
    if (v === undefined || v < 0) continue;
    report[field] = v;
    found = true;
  }
  if (!found) return undefined;
  report.kvCacheUsagePerc = Math.min(1, report.kvCacheUsagePerc);
  return report;
}
