import type { EndpointSource } from '@redline/discovery';
import { parsePrometheusText } from './prometheus-text.ts';

/** One observation of in-flight requests across the model fleet. */
export interface ConcurrencySample {
  /** Total in-flight requests across all model pods (extrapolated when some sources failed). */
  total: number;
  /** In-flight per model endpoint (the gauge's `endpoint` label), summed over sources. */
  perEndpoint: Map<string, number>;
  /** Sources asked (gateway replicas, or 1 for Prometheus) and how many of them failed. */
  sources: number;
  failedSources: number;
}

export interface ConcurrencyReader {
  /** Rejects when nothing could be read (no sample is better than a wrong zero). */
  read(): Promise<ConcurrencySample>;
}

/** The gauge apps/gateway exposes: requests in flight per upstream endpoint, as its router counts them. */
export const DEFAULT_METRIC_NAME = 'redline_gateway_endpoint_in_flight';

export type FetchFn = (url: string, init: { signal: AbortSignal }) => Promise<Response>;

export class ScrapeError extends Error {
  constructor(
    message: string,
    readonly failures: string[] = [],
  ) {
    super(message);
  }
}

export interface GatewayMetricsReaderOptions {
  /** Gateway replicas (e.g. an endpointSliceSource of the gateway Service's metrics port). */
  gateways: EndpointSource;
  /** Default redline_gateway_endpoint_in_flight (the gateway's gauge; labels pool, endpoint, state). */
  metricName?: string;
  /** Only series carrying these label values count, e.g. { pool: 'default' } for one model's pool. */
  metricLabels?: Record<string, string>;
  /** Default /metrics. */
  metricsPath?: string;
  /** Per-scrape timeout, default 1000 ms. */
  timeoutMs?: number;
  fetch?: FetchFn;
}

/**
 * Sums the gateways' view of in-flight requests per model pod. Every gateway only sees its own requests, so
 * the fleet-wide figure is the sum over gateways. When some gateways cannot be scraped, the total is scaled up
 * by asked/answered (gateways share traffic evenly), rather than read as missing load.
 */
export function gatewayMetricsReader(options: GatewayMetricsReaderOptions): ConcurrencyReader {
  const metricName = options.metricName ?? DEFAULT_METRIC_NAME;
  const wanted = Object.entries(options.metricLabels ?? {});
  const path = options.metricsPath ?? '/metrics';
  const timeoutMs = options.timeoutMs ?? 1000;
  const doFetch: FetchFn = options.fetch ?? ((url, init) => fetch(url, init));

  async function scrape(baseUrl: string): Promise<string> {
    const response = await doFetch(`${baseUrl}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.text();
  }

  return {
    async read() {
      const gateways = options.gateways.current();
      if (gateways.length === 0) throw new ScrapeError('no gateway endpoints to scrape');
      const results = await Promise.allSettled(gateways.map((g) => scrape(g.url)));
      const perEndpoint = new Map<string, number>();
      const failures: string[] = [];
      let raw = 0;
      results.forEach((result, i) => {
        const gateway = gateways[i];
        if (result.status === 'rejected') {
          failures.push(`${gateway?.id}: ${(result.reason as Error)?.message ?? String(result.reason)}`);
          return;
        }
        for (const sample of parsePrometheusText(result.value, metricName)) {
          if (!Number.isFinite(sample.value)) continue;
          if (!wanted.every(([k, v]) => sample.labels[k] === v)) continue;
          const endpoint = sample.labels.endpoint ?? '';
          perEndpoint.set(endpoint, (perEndpoint.get(endpoint) ?? 0) + sample.value);
          raw += sample.value;
        }
      });
      const answered = gateways.length - failures.length;
      if (answered === 0) throw new ScrapeError('every gateway scrape failed', failures);
      return {
        total: raw * (gateways.length / answered),
        perEndpoint,
        sources: gateways.length,
        failedSources: failures.length,
      };
    },
  };
}

export interface PrometheusQueryReaderOptions {
  /** Prometheus base URL, e.g. http://prometheus.monitoring:9090 */
  url: string;
  /** PromQL returning one series per model endpoint. Default `sum by (endpoint) (<metricName>{<labels>})`. */
  query?: string;
  metricName?: string;
  metricLabels?: Record<string, string>;
  timeoutMs?: number;
  fetch?: FetchFn;
}

interface PromQueryResponse {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
}

/** Reads the same figure from a Prometheus server's instant-query API (/api/v1/query). */
export function prometheusQueryReader(options: PrometheusQueryReaderOptions): ConcurrencyReader {
  const matchers = Object.entries(options.metricLabels ?? {})
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',');
  const selector = `${options.metricName ?? DEFAULT_METRIC_NAME}${matchers ? `{${matchers}}` : ''}`;
  const query = options.query ?? `sum by (endpoint) (${selector})`;
  const timeoutMs = options.timeoutMs ?? 2000;
  const doFetch: FetchFn = options.fetch ?? ((url, init) => fetch(url, init));
  const base = options.url.replace(/\/+$/, '');
  return {
    async read() {
      const url = `${base}/api/v1/query?query=${encodeURIComponent(query)}`;
      const response = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      const body = (await response.json()) as PromQueryResponse;
      if (!response.ok || body.status !== 'success' || !body.data) {
        throw new ScrapeError(`prometheus query failed: ${body.error ?? `HTTP ${response.status}`}`);
      }
      if (body.data.resultType !== 'vector') {
        throw new ScrapeError(`prometheus query must return a vector, got ${body.data.resultType}`);
      }
      const perEndpoint = new Map<string, number>();
      let total = 0;
      for (const series of body.data.result) {
        const value = Number(series.value[1]);
        if (!Number.isFinite(value)) continue;
        const endpoint = series.metric.endpoint ?? '';
        perEndpoint.set(endpoint, (perEndpoint.get(endpoint) ?? 0) + value);
        total += value;
      }
      return { total, perEndpoint, sources: 1, failedSources: 0 };
    },
  };
}
