import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startChild } from './child.ts';

const hasTaskset = spawnSync('sh', ['-c', 'command -v taskset']).status === 0;
if (!hasTaskset) console.info('child: taskset (util-linux) not found, the CPU pinning case is skipped');

describe('startChild', () => {
  it.skipIf(!hasTaskset)(
    'runs the command itself on the CPUs asked for (taskset execs it: same pid)',
    async () => {
      const child = startChild('sleeper', 'sleep', ['30'], { cpus: '0' });
      try {
        let mask = '';
        for (let i = 0; i < 50 && !mask; i++) {
          const out = spawnSync('taskset', ['-p', String(child.pid)], { encoding: 'utf8' }).stdout;
          // Until taskset has exec'd, the pid is taskset's own.
          const comm = readFileSync(`/proc/${child.pid}/comm`, 'utf8').trim();
          if (comm === 'sleep') mask = out.trim().split(': ')[1] ?? '';
          else await new Promise((r) => setTimeout(r, 20));
        }
        expect(mask).toBe('1');
      } finally {
        await child.stop();
      }
      expect(child.alive()).toBe(false);
    },
  );

  it('stops a child that runs without pinning', async () => {
    const child = startChild('sleeper', 'sleep', ['30']);
    expect(child.alive()).toBe(true);
    await child.stop();
    expect(child.alive()).toBe(false);
  });
});
