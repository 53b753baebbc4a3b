import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DATASET } from '../cli/commands.ts';
import { startFakeOpenAI } from '../test-support/fake-openai.ts';
import { loadDataset } from './dataset.ts';
import { runEval } from './run-eval.ts';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '../../bin/redline-eval.js');
const cachedIds = (path: string) =>
  existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l.endsWith('}'))
        .map((l) => (JSON.parse(l) as { id: string }).id)
    : [];

describe('a run killed with SIGKILL resumes from its cache', () => {
  it('never requests an already answered item again', async () => {
    const server = await startFakeOpenAI({ delayMs: 40 });
    const out = mkdtempSync(join(tmpdir(), 'redline-kill-'));
    const cache = join(out, 'cache.jsonl');
    try {
      const child = spawn(
        process.execPath,
        [
          BIN,
          'run',
          '--endpoint',
          server.url,
          '--model',
          'fake',
          '--out',
          out,
          '--limit',
          '30',
          '--concurrency',
          '2',
        ],
        { stdio: 'ignore' },
      );
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const deadline = Date.now() + 25_000;
      while (cachedIds(cache).length < 5 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGKILL');
      await exited;
      const answered = cachedIds(cache);
      expect(answered.length).toBeGreaterThanOrEqual(5);
      expect(answered.length).toBeLessThan(30);

      const mini = loadDataset(DEFAULT_DATASET);
      const { summary } = await runEval({
        dataset: mini,
        endpoint: server.url,
        model: 'fake',
        out,
        limit: 30,
      });
      expect(summary.counts).toMatchObject({ items: 30, ok: 30, cached: answered.length });
      const sourceOf = new Map(mini.items.map((i) => [i.id, i.source]));
      for (const id of answered) expect(server.requests.get(sourceOf.get(id)!)).toBe(1);
      expect([...server.requests.values()].filter((n) => n > 1).length).toBeLessThanOrEqual(2);
    } finally {
      await server.close();
      rmSync(out, { recursive: true, force: true });
    }
  });
});
