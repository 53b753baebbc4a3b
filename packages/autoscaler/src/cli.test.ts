import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from './cli/main.ts';

const capture = async (...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

describe('redline-autoscaler CLI', () => {
  it('prints usage with --help and each command help', async () => {
    const r = await capture('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/calibrate[\s\S]*simulate[\s\S]*controller/);
    expect((await capture('simulate', '--help')).out).toContain('--startup-ms');
    expect((await capture('controller', '--help')).out).toContain('--model-service');
  });

  it('rejects unknown flags and invalid values with exit code 2 and the command help', async () => {
    const unknown = await capture('simulate', '--bogus');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("Unknown option '--bogus'");
    const invalid = await capture('simulate', '--scale', '3', '--trace', 'nope');
    expect(invalid.code).toBe(2);
    expect(invalid.err).toContain('--scale');
    expect(invalid.err).toContain('--trace');
    const missing = await capture('calibrate', '--slo-p99-ms', '1000');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--endpoint');
    const badRange = await capture(
      'calibrate',
      '--endpoint',
      'http://127.0.0.1:9',
      '--slo-p99-ms',
      '1000',
      '--max-tokens',
      '60-40',
    );
    expect(badRange.code).toBe(2);
    expect(badRange.err).toContain('--max-tokens');
    const controller = [
      '--namespace',
      'n',
      '--deployment',
      'd',
      '--model-service',
      's',
      '--max-replicas',
      '3',
    ];
    const exclusive = await capture('controller', ...controller);
    expect(exclusive.code).toBe(2);
    expect(exclusive.err).toContain('exactly one of --gateway-service and --prometheus-url');
    const noTarget = await capture(
      'controller',
      ...controller,
      ...['--gateway-service', 'g', '--target-file', '/nonexistent/target.json'],
    );
    expect(noTarget.code).toBe(2);
    expect(noTarget.err).toContain('run calibrate or pass --target-concurrency');
  });

  it('rejects an unknown command', async () => {
    const r = await capture('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown command');
  });

  it('runs through the bin shim', () => {
    const bin = fileURLToPath(new URL('../bin/redline-autoscaler.js', import.meta.url));
    const r = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('redline-autoscaler <command>');
  }, 30_000);
});
