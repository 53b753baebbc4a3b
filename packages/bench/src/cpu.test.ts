import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CpuMeter, processTree } from './cpu.ts';

const hasProc = existsSync('/proc/self/stat');
if (!hasProc) console.info('cpu: no /proc here, the CPU meter cases are skipped');

describe.skipIf(!hasProc)('CpuMeter', () => {
  it('counts the CPU of child processes, as an nginx master with busy workers', async () => {
    // The parent shell only waits; its child spins.
    const parent = spawn('sh', ['-c', 'sh -c "while :; do :; done" & wait'], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 50 && processTree(parent.pid!).length < 2; i++) await sleep(10);
      expect(processTree(parent.pid!).length).toBeGreaterThanOrEqual(2);
      const meter = new CpuMeter(
        new Map([
          ['proxy', { pid: parent.pid!, withChildren: true }],
          ['master', { pid: parent.pid!, withChildren: false }],
        ]),
      );
      meter.begin();
      await sleep(400);
      const used = meter.end();
      expect(used.proxy).toBeGreaterThan(0.3); // the spinning child
      expect(used.master).toBeLessThan(0.1); // the idle parent alone
    } finally {
      for (const pid of processTree(parent.pid!).reverse()) process.kill(pid, 'SIGKILL');
    }
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
