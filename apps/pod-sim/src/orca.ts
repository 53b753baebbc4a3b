/**
 * ORCA endpoint load report headers as vLLM writes them (vllm/entrypoints/openai/orca_metrics.py):
 *   endpoint-load-metrics: TEXT named_metrics.kv_cache_usage_perc=0.3, named_metrics.num_requests_waiting=0.0
 *   endpoint-load-metrics: JSON {"named_metrics": {"kv_cache_usage_perc": 0.3, "num_requests_waiting": 0.0}}
 * requested with the `endpoint-load-metrics-format: TEXT|JSON` request header. vLLM reports
 * kv_cache_usage_perc and num_requests_waiting; we add num_requests_running (useful to routers).
 */
export const ORCA_REQUEST_HEADER = 'endpoint-load-metrics-format';
export const ORCA_RESPONSE_HEADER = 'endpoint-load-metrics';

export interface OrcaLoad {
  kvCacheUsage: number;
  waiting: number;
  running: number;
}

/** Python's repr of a float: integral values keep a trailing ".0". */
export function pythonFloat(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : x < 0 ? '-inf' : 'nan';
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}

/** The header value for a requested format, or null if the format is not TEXT/JSON (vLLM ignores it). */
export function orcaHeaderValue(format: string | undefined, load: OrcaLoad): string | null {
  if (!format) return null;
  const named: [string, number][] = [
    ['kv_cache_usage_perc', load.kvCacheUsage],
    ['num_requests_waiting', load.waiting],
    ['num_requests_running', load.running],
  ];
  switch (format.trim().toLowerCase()) {
    case 'text':
      return `TEXT ${named.map(([k, v]) => `named_metrics.${k}=${pythonFloat(v)}`).join(', ')}`;
    case 'json':
      // json.dumps default separators (", " and ": ") with Python float formatting.
      return `JSON {"named_metrics": {${named.map(([k, v]) => `"${k}": ${pythonFloat(v)}`).join(', ')}}}`;
    default:
      return null;
  }
}
