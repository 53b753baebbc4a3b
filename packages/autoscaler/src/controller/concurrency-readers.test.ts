import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { staticSource } from '@redline/discovery';
import { describe, expect, it } from 'vitest';
import {
  type FetchFn,
  gatewayMetricsReader,
  prometheusQueryReader,
  ScrapeError,
} from './concurrency-readers.ts';

function textResponse(body: string, status = 200): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'text/plain; version=0.0.4' } });
}

describe('gatewayMetricsReader', () => {
  const gateways = staticSource(['http://gw-a:9464', 'http://gw-b:9464', 'http://gw-c:9464']);

  it('sums each model endpoint over all gateways', async () => {
    const g = 'redline_gateway_endpoint_in_flight';
    const bodies: Record<string, string> = {
      'http://gw-a:9464/metrics': `${g}{pool="default",endpoint="p1",state="healthy"} 2\n${g}{pool="default",endpoint="p2",state="healthy"} 1\n`,
      'http://gw-b:9464/metrics': `${g}{pool="default",endpoint="p1",state="healthy"} 3\n${g}{pool="other",endpoint="q1",state="healthy"} 50\n`,
      'http://gw-c:9464/metrics': 'other_metric 5\n',
    };
    const fetch: FetchFn = async (url) => textResponse(bodies[url] ?? '', bodies[url] ? 200 : 404);
    const sample = await gatewayMetricsReader({ gateways, fetch, metricLabels: { pool: 'default' } }).read();
    expect(sample.total).toBe(6);
    expect((await gatewayMetricsReader({ gateways, fetch }).read()).total).toBe(56);
    expect(Object.fromEntries(sample.perEndpoint)).toEqual({ p1: 5, p2: 1 });
    expect(sample.failedSources).toBe(0);
  });

  it('extrapolates over gateways that failed and rejects when all fail', async () => {
    const partial: FetchFn = async (url) =>
      url.includes('gw-a')
        ? textResponse('redline_gateway_endpoint_in_flight{endpoint="p1"} 4\n')
        : textResponse('', 503);
    const sample = await gatewayMetricsReader({ gateways, fetch: partial }).read();
    expect(sample.failedSources).toBe(2);
    expect(sample.total).toBeCloseTo(12);
    const none: FetchFn = async () => {
      throw new Error('ECONNREFUSED');
    };
    await expect(gatewayMetricsReader({ gateways, fetch: none }).read()).rejects.toBeInstanceOf(ScrapeError);
    await expect(gatewayMetricsReader({ gateways: staticSource([]), fetch: none }).read()).rejects.toThrow(
      /no gateway endpoints/,
    );
  });
});

describe('prometheusQueryReader', () => {
  it('runs an instant query against /api/v1/query and sums the vector', async () => {
    const queries: string[] = [];
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      queries.push(url.searchParams.get('query') ?? '');
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          status: 'success',
          data: {
            resultType: 'vector',
            result: [
              { metric: { endpoint: 'p1' }, value: [1712345678.1, '7'] },
              { metric: { endpoint: 'p2' }, value: [1712345678.1, '2.5'] },
            ],
          },
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const sample = await prometheusQueryReader({
        url: `http://127.0.0.1:${port}/`,
        metricLabels: { pool: 'default' },
      }).read();
      expect(sample.total).toBe(9.5);
      expect(sample.perEndpoint.get('p2')).toBe(2.5);
      expect(queries).toEqual(['sum by (endpoint) (redline_gateway_endpoint_in_flight{pool="default"})']);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('rejects a failed query', async () => {
    const fetch: FetchFn = async () =>
      new Response(JSON.stringify({ status: 'error', error: 'parse error' }), { status: 400 });
    await expect(prometheusQueryReader({ url: 'http://prom', fetch }).read()).rejects.toThrow(/parse error/);
  });
});
