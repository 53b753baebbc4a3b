import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from './prometheus-text.ts';

const BODY = `# HELP redline_endpoint_in_flight In-flight requests per upstream endpoint
# TYPE redline_endpoint_in_flight gauge
redline_endpoint_in_flight{endpoint="10.0.0.1:8000",pool="default"} 3
redline_endpoint_in_flight{pool="default",endpoint="10.0.0.2:8000"} 4.5 1712345678000
redline_endpoint_in_flight_total{endpoint="10.0.0.1:8000"} 99
redline_endpoint_in_flight{endpoint="weird \\"quoted\\" id"} 1
redline_endpoint_in_flight{endpoint="nan"} NaN
redline_endpoint_in_flight{broken="x} 7
redline_endpoint_in_flight 2
`;

describe('parsePrometheusText', () => {
  it('reads one family with its labels, skipping other families and malformed lines', () => {
    const samples = parsePrometheusText(BODY, 'redline_endpoint_in_flight');
    expect(samples.map((s) => [s.labels.endpoint, s.value])).toEqual([
      ['10.0.0.1:8000', 3],
      ['10.0.0.2:8000', 4.5],
      ['weird "quoted" id', 1],
      [undefined, 2],
    ]);
  });
});
