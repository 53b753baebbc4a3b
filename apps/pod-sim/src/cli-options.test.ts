import { describe, expect, it } from 'vitest';
import { CliUsageError, parseCliArgs } from './cli-options.ts';

describe('parseCliArgs', () => {
  it('applies the documented defaults', () => {
    expect(parseCliArgs([])).toEqual({
      count: 1,
      port: 8100,
      host: '127.0.0.1',
      profile: 'l40s-llama3-8b',
      engine: 'harper',
      modelName: 'redline/harper-gec',
      timeScale: 1,
    });
  });

  it('parses every option, including per-pod faults', () => {
    const o = parseCliArgs(
      '--port 0 --pods 4 --profile l40s-llama3.2-3b --engine echo --model m --max-num-seqs 64 --time-scale 0.1 --host ::1'
        .split(' ')
        .concat(['--faults', '[{"slowdown": 2}, {"hang": true}]']),
    );
    expect(o).toMatchObject({
      count: 4,
      port: 0,
      profile: 'l40s-llama3.2-3b',
      engine: 'echo',
      modelName: 'm',
      maxNumSeqs: 64,
      timeScale: 0.1,
      host: '::1',
      faults: [{ slowdown: 2 }, { hang: true }],
    });
    expect(parseCliArgs(['--faults', '{"errorRate": 0.5}'])?.faults).toEqual({ errorRate: 0.5 });
  });

  it('returns null for --help', () => {
    expect(parseCliArgs(['--help'])).toBeNull();
  });

  it.each([
    ['--engine', 'gpt'],
    ['--pods', '0'],
    ['--port', '-1'],
    ['--profile', 'a100'],
    ['--time-scale', '0'],
    ['--max-num-seqs', '2.5'],
    ['--faults', '{"errorRate": 3}'],
    ['--faults', 'not json'],
    ['--bogus', 'x'],
  ])('rejects %s %s with a usage error', (flag, value) => {
    expect(() => parseCliArgs([flag, value])).toThrow(CliUsageError);
  });
});
