import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadDataset } from '../run/dataset.ts';
import { runEval } from '../run/run-eval.ts';
import { startFakeOpenAI } from '../test-support/fake-openai.ts';
import { parseArgs } from './args.ts';
import { DEFAULT_DATASET, gateCommand, hypM2Command } from './commands.ts';

const root = mkdtempSync(join(tmpdir(), 'redline-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('argument parsing', () => {
  it('collects several values after one flag and treats declared booleans as switches', () => {
    const a = parseArgs(['--ref', 'r0', 'r1', '--json', 'extra', '--max-drop=0.01'], ['json']);
    expect(a.flags.get('ref')).toEqual(['r0', 'r1']);
    expect(a.flags.get('json')).toEqual([]);
    expect(a.flags.get('max-drop')).toEqual(['0.01']);
    expect(a.positionals).toEqual(['extra']);
  });
});

describe('gate command end to end', () => {
  it('exits 1 (FAIL) when the candidate stops correcting, 0 when it is the same system', async () => {
    const mini = loadDataset(DEFAULT_DATASET);
    const fix = new Map(mini.items.map((i) => [i.source, i.references[0]!]));
    const good = await startFakeOpenAI({ reply: (t) => fix.get(t) ?? t });
    const lazy = await startFakeOpenAI();
    try {
      const common = { dataset: mini, model: 'm', limit: 40, concurrency: 6 } as const;
      await runEval({ ...common, endpoint: good.url, out: join(root, 'base') });
      await runEval({ ...common, endpoint: good.url, out: join(root, 'same') });
      await runEval({ ...common, endpoint: lazy.url, out: join(root, 'lazy') });
    } finally {
      await good.close();
      await lazy.close();
    }
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const fail = gateCommand([
        '--baseline',
        join(root, 'base'),
        '--candidate',
        join(root, 'lazy'),
        '--max-latency-ratio',
        '100',
      ]);
      const pass = gateCommand([
        '--baseline',
        join(root, 'base'),
        '--candidate',
        join(root, 'same'),
        '--max-latency-ratio',
        '100',
      ]);
      expect(fail).toBe(1);
      expect(pass).toBe(0);
    } finally {
      write.mockRestore();
    }
    const gate = JSON.parse(readFileSync(join(root, 'lazy', 'gate', 'gate.json'), 'utf8'));
    expect(gate.verdict).toBe('FAIL');
    expect(gate.delta).toBeLessThan(-0.5);
  });

  it('hyp-m2 turns raw outputs into hypothesis M2', () => {
    const src = join(root, 'src.txt');
    const hyp = join(root, 'hyp.txt');
    writeFileSync(src, 'He go home.\nIt is fine.\n');
    writeFileSync(hyp, 'He goes home.\nIt is fine.\n');
    let printed = '';
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed += String(chunk);
      return true;
    });
    try {
      expect(hypM2Command(['--src', src, '--hyp', hyp])).toBe(0);
    } finally {
      write.mockRestore();
    }
    expect(printed).toContain('S He go home .\nA 1 2|||');
    expect(printed).toContain('S It is fine .\nA -1 -1|||noop|||');
  });
});
