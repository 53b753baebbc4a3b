import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_DATASET } from '../cli/commands.ts';
import { startFakeOpenAI } from '../test-support/fake-openai.ts';
import { loadDataset, parseJsonlDataset } from './dataset.ts';
import { runEval } from './run-eval.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'redline-eval-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const mini = loadDataset(DEFAULT_DATASET);
const firstReference = new Map(mini.items.map((i) => [i.source, i.references[0]!]));

describe('the bundled redline-mini dataset', () => {
  it('has 100 unique items with one or two references each', () => {
    expect(mini.items).toHaveLength(100);
    expect(new Set(mini.items.map((i) => i.id)).size).toBe(100);
    for (const item of mini.items) expect(item.references.length).toBeGreaterThanOrEqual(1);
    expect(mini.items.filter((i) => i.references[0] !== i.source).length).toBeGreaterThan(90);
  });
  it('rejects malformed JSONL with the line number', () => {
    expect(() => parseJsonlDataset('{"id":1,"source":"a"}\n{"id":2}', 'x.jsonl')).toThrow(/x.jsonl:2/);
  });
});

describe('runEval against a local OpenAI-compatible server', () => {
  it('sends the gateway prompt shape and scores a perfect system at F0.5 = 1', async () => {
    const server = await startFakeOpenAI({ reply: (t) => firstReference.get(t) ?? t });
    try {
      const out = tmp();
      const { summary, items } = await runEval({
        dataset: mini,
        endpoint: server.url,
        model: 'fake',
        out,
        limit: 20,
        concurrency: 4,
      });
      expect(summary.counts).toMatchObject({ items: 20, ok: 20, errors: 0, cached: 0 });
      expect(summary.scores.m2.f05).toBe(1);
      expect(summary.scores.gleu?.mean).toBeGreaterThan(0.9);
      expect(summary.latency.e2e.p99).not.toBeNull();
      expect(items[0]!.promptTokens).toBe(40);
      const body = server.bodies[0] as {
        messages: Array<{ role: string; content: string }>;
        temperature: number;
        stream_options: unknown;
      };
      expect(body.messages[0]!.content.split('\n')).toContain('Dialect: American');
      expect(body.temperature).toBe(0);
      expect(body.stream_options).toEqual({ include_usage: true });
      expect(readFileSync(join(out, 'items.jsonl'), 'utf8').trim().split('\n')).toHaveLength(20);
    } finally {
      await server.close();
    }
  });

  it('resumes an interrupted run without requesting any item twice', async () => {
    const server = await startFakeOpenAI({ delayMs: 5 });
    const out = tmp();
    try {
      const controller = new AbortController();
      let seen = 0;
      const watcher = setInterval(() => {
        seen = [...server.requests.values()].reduce((s, n) => s + n, 0);
        if (seen >= 12) controller.abort(new Error('simulated crash'));
      }, 2);
      await expect(
        runEval({
          dataset: mini,
          endpoint: server.url,
          model: 'fake',
          out,
          limit: 40,
          concurrency: 4,
          signal: controller.signal,
        }),
      ).rejects.toThrow();
      clearInterval(watcher);
      const cachedIds = readFileSync(join(out, 'cache.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id);
      expect(cachedIds.length).toBeGreaterThan(0);
      expect(cachedIds.length).toBeLessThan(40);
      const requestsBefore = new Map(server.requests);
      const { summary } = await runEval({
        dataset: mini,
        endpoint: server.url,
        model: 'fake',
        out,
        limit: 40,
        concurrency: 4,
      });
      expect(summary.counts).toMatchObject({ items: 40, ok: 40, cached: cachedIds.length });
      // every item answered before the crash was served from the cache: requested exactly once overall
      const byId = new Map(mini.items.map((i) => [i.id, i.source]));
      for (const id of cachedIds) expect(server.requests.get(byId.get(id)!)).toBe(1);
      // only requests cut off in flight (at most `concurrency`) were sent again
      const repeated = [...server.requests.entries()].filter(([, n]) => n > 1).map(([t]) => t);
      expect(repeated.length).toBeLessThanOrEqual(4);
      for (const t of repeated) expect(requestsBefore.get(t)).toBe(1);
      expect(server.requests.size).toBe(40);
    } finally {
      await server.close();
    }
  });

  it('retries 503s and records items that never succeed as errors', async () => {
    const server = await startFakeOpenAI({
      failFirst: (t) => (t.startsWith('Their') ? 99 : t.startsWith('She') ? 1 : 0),
    });
    try {
      const { summary, items } = await runEval({
        dataset: mini,
        endpoint: server.url,
        model: 'fake',
        out: tmp(),
        limit: 10,
        retries: 2,
        backoffMs: () => 1,
      });
      const failed = items.filter((i) => i.error !== null);
      expect(failed.map((i) => i.source)).toEqual(['Their going to visit us next weekend.']);
      expect(failed[0]!.attempts).toBe(3);
      expect(items[0]!.attempts).toBe(2);
      expect(summary.counts.errors).toBe(1);
    } finally {
      await server.close();
    }
  });
});
