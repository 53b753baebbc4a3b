import { describe, expect, it } from 'vitest';
import { parseOrcaLoadHeader } from './orca-load-header.ts';

describe('parseOrcaLoadHeader', () => {
  it('parses vLLM TEXT format', () => {
    expect(
      parseOrcaLoadHeader(
        'TEXT named_metrics.kv_cache_usage_perc=0.3, named_metrics.num_requests_waiting=0.0, named_metrics.num_requests_running=2.0',
      ),
    ).toEqual({ kvCacheUsagePerc: 0.3, numRequestsWaiting: 0, numRequestsRunning: 2 });
  });

  it('parses vLLM JSON format', () => {
    expect(
      parseOrcaLoadHeader(
        'JSON {"named_metrics": {"kv_cache_usage_perc": 0.5, "num_requests_waiting": 3.0}}',
      ),
    ).toEqual({ kvCacheUsagePerc: 0.5, numRequestsWaiting: 3 }); // running absent: not reported, not 0
  });

  it('accepts a header without the format prefix or the named_metrics. prefix', () => {
    expect(parseOrcaLoadHeader('num_requests_running=4, kv_cache_usage_perc=0.25')).toEqual({
      kvCacheUsagePerc: 0.25,
      numRequestsWaiting: 0,
      numRequestsRunning: 4,
    });
  });

  it('returns undefined for absent, empty, unknown or malformed headers', () => {
    expect(parseOrcaLoadHeader(undefined)).toBeUndefined();
    expect(parseOrcaLoadHeader('')).toBeUndefined();
    expect(parseOrcaLoadHeader('TEXT named_metrics.foo=1')).toBeUndefined();
    expect(parseOrcaLoadHeader('JSON {not json')).toBeUndefined();
    expect(parseOrcaLoadHeader('TEXT named_metrics.num_requests_waiting=abc')).toBeUndefined();
  });

  it('ignores negative values and clamps KV usage to 1', () => {
    expect(
      parseOrcaLoadHeader(
        'TEXT named_metrics.kv_cache_usage_perc=1.7, named_metrics.num_requests_waiting=-1',
      ),
    ).toEqual({ kvCacheUsagePerc: 1, numRequestsWaiting: 0 });
  });

  it('takes the first value of a repeated header', () => {
    expect(parseOrcaLoadHeader(['TEXT named_metrics.num_requests_running=1', 'TEXT x=2'])).toMatchObject({
      numRequestsRunning: 1,
    });
  });
});
