import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/redline-pod-sim.js', import.meta.url));
let child: ChildProcess | null = null;

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = null;
});

/** Start the CLI and collect the pod URLs it logs as ready. */
function startCli(args: string[], pods: number): Promise<{ urls: string[]; exit: Promise<number | null> }> {
  const proc = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child = proc;
  const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const urls: string[] = [];
    let buffered = '';
    let stderr = '';
    proc.stderr.on('data', (d) => {
      stderr += String(d);
    });
    proc.stdout.on('data', (d) => {
      buffered += String(d);
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'pod ready' && entry.url) urls.push(entry.url);
        if (urls.length === pods) resolve({ urls, exit });
      }
    });
    proc.on('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
}

describe('redline-pod-sim CLI (argument parsing is unit-tested in src/cli-options.test.ts)', () => {
  it('serves N pods with start-up faults and exits cleanly on SIGTERM', async () => {
    const { urls, exit } = await startCli(
      [
        '--port',
        '0',
        '--pods',
        '2',
        '--engine',
        'echo',
        '--profile',
        'test-fast',
        '--faults',
        '[{}, {"unhealthy": true}]',
      ],
      2,
    );
    expect(urls).toHaveLength(2);
    expect((await fetch(`${urls[0]}/health`)).status).toBe(200);
    expect((await fetch(`${urls[1]}/health`)).status).toBe(503);
    const models = (await (await fetch(`${urls[0]}/v1/models`)).json()) as { data: { id: string }[] };
    expect(models.data[0]?.id).toBe('redline/harper-gec');
    child?.kill('SIGTERM');
    expect(await exit).toBe(0);
  }, 60_000);
});
