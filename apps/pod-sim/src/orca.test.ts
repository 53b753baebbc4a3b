import { describe, expect, it } from 'vitest';
import { orcaHeaderValue, pythonFloat } from './orca.ts';

const load = { kvCacheUsage: 0.3, waiting: 2, running: 7 };

describe('ORCA endpoint-load-metrics', () => {
  it('formats floats the way Python does', () => {
    expect(pythonFloat(0)).toBe('0.0');
    expect(pythonFloat(3)).toBe('3.0');
    expect(pythonFloat(0.25)).toBe('0.25');
  });

  it('TEXT format matches vLLM', () => {
    expect(orcaHeaderValue('TEXT', load)).toBe(
      'TEXT named_metrics.kv_cache_usage_perc=0.3, named_metrics.num_requests_waiting=2.0, ' +
        'named_metrics.num_requests_running=7.0',
    );
  });

  it('JSON format matches json.dumps of the ORCA report, case-insensitively requested', () => {
    const value = orcaHeaderValue('json', load)!;
    expect(value).toBe(
      'JSON {"named_metrics": {"kv_cache_usage_perc": 0.3, "num_requests_waiting": 2.0, "num_requests_running": 7.0}}',
    );
    expect(JSON.parse(value.slice(5)).named_metrics.num_requests_running).toBe(7);
  });

  it('no header for a missing or unsupported format', () => {
    expect(orcaHeaderValue(undefined, load)).toBeNull();
    expect(orcaHeaderValue('BINARY', load)).toBeNull();
  });
});
