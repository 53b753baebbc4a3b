import { describe, expect, it } from 'vitest';
import {
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  SelectorError,
} from './selectors.ts';

describe('label selectors', () => {
  const labels = { 'kubernetes.io/service-name': 'model', tier: 'gpu' };

  it('matches equality, inequality, sets and existence like the API server', () => {
    expect(matchesLabels(parseLabelSelector('kubernetes.io/service-name=model'), labels)).toBe(true);
    expect(matchesLabels(parseLabelSelector('kubernetes.io/service-name==other'), labels)).toBe(false);
    expect(matchesLabels(parseLabelSelector('tier!=cpu,kubernetes.io/service-name=model'), labels)).toBe(
      true,
    );
    expect(matchesLabels(parseLabelSelector('tier in (cpu, gpu)'), labels)).toBe(true);
    expect(matchesLabels(parseLabelSelector('tier notin (gpu)'), labels)).toBe(false);
    expect(matchesLabels(parseLabelSelector('tier,!zone'), labels)).toBe(true);
    expect(matchesLabels(parseLabelSelector('zone'), labels)).toBe(false);
    expect(matchesLabels(parseLabelSelector(''), undefined)).toBe(true);
  });

  it('rejects malformed requirements', () => {
    expect(() => parseLabelSelector('a in b')).toThrow(SelectorError);
  });

  it('supports metadata.name and metadata.namespace field selectors only', () => {
    const fields = parseFieldSelector('metadata.name=lease-a');
    expect(matchesFields(fields, { name: 'lease-a', namespace: 'x' })).toBe(true);
    expect(matchesFields(fields, { name: 'lease-b' })).toBe(false);
    expect(() => parseFieldSelector('spec.nodeName=n1')).toThrow(SelectorError);
  });
});
