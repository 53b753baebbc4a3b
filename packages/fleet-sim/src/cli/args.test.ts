import { describe, expect, it } from 'vitest';
import { CliUsageError, parseCli, parseTokenDistribution } from './args.ts';

describe('parseCli', () => {
  it('parses the documented example', () => {
    const o = parseCli('--qps 200000 --pods 2500 --gateways 50 --policy redline --seconds 60'.split(' '));
    expect(o).toMatchObject({ qps: 200_000, pods: 2_500, gateways: 50, policies: ['redline'], seconds: 60 });
    expect(o.inputTokens).toEqual({ kind: 'fixed', value: 50 });
  });

  it('expands --policy all and reads search options', () => {
    const o = parseCli(['--policy', 'all', '--find-min-pods', '--slo-p99-ms', '800', '--slow-pod', '3:2.5']);
    expect(o.policies).toHaveLength(5);
    expect(o.findMinPods).toBe(true);
    expect(o.sloP99Ms).toBe(800);
    expect(o.slowPods).toEqual({ 3: 2.5 });
  });

  it("reads the pods' batch limit, absent unless given", () => {
    expect(parseCli([]).maxNumSeqs).toBeUndefined();
    expect(parseCli(['--max-num-seqs', '8']).maxNumSeqs).toBe(8);
    expect(() => parseCli(['--max-num-seqs', '0'])).toThrow(CliUsageError);
  });

  it('tells the router each request’s length unless --no-length-hint', () => {
    expect(parseCli([]).lengthHint).toBe(true);
    expect(parseCli(['--no-length-hint']).lengthHint).toBe(false);
  });

  it("reads redline's tie-break, balanced unless given", () => {
    expect(parseCli([]).redlineTieBreak).toBe('balanced');
    expect(parseCli(['--redline-tie-break', 'spacing']).redlineTieBreak).toBe('spacing');
    expect(() => parseCli(['--redline-tie-break', 'random'])).toThrow(CliUsageError);
  });

  it('reads --reference, off unless given, and only for identical pods', () => {
    expect(parseCli([]).reference).toBe(false);
    expect(parseCli(['--reference', '--find-min-pods'])).toMatchObject({
      reference: true,
      findMinPods: true,
    });
    expect(() => parseCli(['--reference', '--slow-pod', '3:3'])).toThrow(CliUsageError);
  });

  it('reads --failing-pod as index → share of fast 503s, and combines it with --reference', () => {
    expect(parseCli([]).failingPods).toEqual({});
    expect(parseCli(['--failing-pod', '3:0.2', '--failing-pod', '5:1', '--reference'])).toMatchObject({
      failingPods: { 3: 0.2, 5: 1 },
      reference: true,
    });
    expect(() => parseCli(['--failing-pod', '3:1.5'])).toThrow(CliUsageError);
    expect(() => parseCli(['--failing-pod', '3'])).toThrow(CliUsageError);
  });

  it('rejects bad input with usage errors', () => {
    expect(() => parseCli(['--policy', 'fastest'])).toThrow(CliUsageError);
    expect(() => parseCli(['--qps', '-3'])).toThrow(CliUsageError);
    expect(() => parseCli(['--bogus'])).toThrow(CliUsageError);
    expect(() => parseCli(['--slow-pod', 'x'])).toThrow(CliUsageError);
  });

  it('parses token distributions', () => {
    expect(parseTokenDistribution('uniform:20-80')).toEqual({ kind: 'uniform', min: 20, max: 80 });
    expect(parseTokenDistribution('exp:50')).toMatchObject({ kind: 'exponential', mean: 50 });
    expect(() => parseTokenDistribution('uniform:9-3')).toThrow(CliUsageError);
  });
});
