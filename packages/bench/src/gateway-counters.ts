/** What the gateway's router did during a cell, read from its /metrics: explains a tail, not scored. */
export interface GatewayCounters {
  /** Outlier ejections, summed over endpoints. */
  ejections: number;
  /** Retries sent (a retry the budget or the deadline refused is in retriesDenied instead). */
  retries: number;
  retriesDenied: number;
}

/** Sum the counters out of a Prometheus text exposition. */
export function parseGatewayCounters(text: string): GatewayCounters {
  const counters: GatewayCounters = { ejections: 0, retries: 0, retriesDenied: 0 };
  for (const line of text.split('\n')) {
    const match = /^(redline_gateway_\w+)(\{[^}]*\})? ([\d.eE+-]+)$/.exec(line);
    if (!match) continue;
    const [, name, labels = '', value] = match;
    if (name === 'redline_gateway_endpoint_ejections_total') counters.ejections += Number(value);
    else if (name === 'redline_gateway_retries_total') {
      if (labels.includes('reason="denied"')) counters.retriesDenied += Number(value);
      else counters.retries += Number(value);
    }
  }
  return counters;
}

export async function readGatewayCounters(baseUrl: string): Promise<GatewayCounters> {
  const res = await fetch(`${baseUrl}/metrics`);
  if (!res.ok) throw new Error(`GET ${baseUrl}/metrics answered ${res.status}`);
  return parseGatewayCounters(await res.text());
}

/** The counts between two readings of the same gateway. */
export function countersSince(before: GatewayCounters, after: GatewayCounters): GatewayCounters {
  return {
    ejections: after.ejections - before.ejections,
    retries: after.retries - before.retries,
    retriesDenied: after.retriesDenied - before.retriesDenied,
  };
}
