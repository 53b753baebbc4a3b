import { describe, expect, it } from 'vitest';
import { countersSince, parseGatewayCounters } from './gateway-counters.ts';

const TEXT = `# HELP redline_gateway_endpoint_ejections_total Outlier ejections per endpoint.
# TYPE redline_gateway_endpoint_ejections_total counter
redline_gateway_endpoint_ejections_total{pool="m",endpoint="127.0.0.1:1"} 2
redline_gateway_endpoint_ejections_total{pool="m",endpoint="127.0.0.1:2"} 1
redline_gateway_retries_total{pool="m",reason="http-5xx"} 40
redline_gateway_retries_total{pool="m",reason="timeout"} 3
redline_gateway_retries_total{pool="m",reason="denied"} 5
redline_gateway_shed_total{pool="m"} 7
`;

describe('parseGatewayCounters', () => {
  it('sums ejections over endpoints and retries over reasons, keeping denied ones apart', () => {
    expect(parseGatewayCounters(TEXT)).toEqual({ ejections: 3, retries: 43, retriesDenied: 5 });
  });

  it('reads zeros from a gateway that has not counted anything yet', () => {
    expect(parseGatewayCounters('# HELP x\n')).toEqual({ ejections: 0, retries: 0, retriesDenied: 0 });
  });

  it('gives the counts between two readings', () => {
    const before = { ejections: 1, retries: 10, retriesDenied: 0 };
    expect(countersSince(before, { ejections: 2, retries: 25, retriesDenied: 1 })).toEqual({
      ejections: 1,
      retries: 15,
      retriesDenied: 1,
    });
  });
});
