import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompletionCache } from './cache.ts';
import { type Dataset, loadDataset } from './dataset.ts';
import { CompletionError, type CompletionResult, StreamClient } from './openai-stream.ts';
import { createProgress, type Progress } from './progress.ts';
import { PROMPT_VERSION } from './prompt.ts';
import { type ItemScore, type Percentiles, percentiles, type RunScores, scoreOutputs } from './score-run.ts';

export interface RunOptions {
  dataset: string | Dataset;
  /** Reference files for a parallel-text dataset. */
  references?: string[];
  endpoint: string;
  model: string;
  apiKey?: string;
  concurrency?: number;
  deadlineMs?: number;
  retries?: number;
  out: string;
  /** Cache file; default <out>/cache.jsonl. */
  cachePath?: string;
  limit?: number;
  /** Progress bar on stderr (default: when stderr is a TTY). */
  progress?: boolean;
  /** Abort the run (as a crash would): the cache keeps what finished. */
  signal?: AbortSignal;
  /** Backoff before retry k (1-based); injectable for tests. */
  backoffMs?: (attempt: number) => number;
}

export interface ItemRecord {
  id: string;
  source: string;
  references: string[];
  output: string | null;
  error: string | null;
  attempts: number;
  cached: boolean;
  ttftMs: number | null;
  latencyMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  score: ItemScore;
}

export interface RunSummary {
  dataset: string;
  model: string;
  endpoint: string;
  promptVersion: string;
  startedAt: string;
  finishedAt: string;
  counts: { items: number; ok: number; errors: number; cached: number; requested: number };
  scores: RunScores;
  latency: { e2e: Percentiles; ttft: Percentiles };
  tokens: { prompt: number; completion: number };
}

export interface RunResult {
  summary: RunSummary;
  items: ItemRecord[];
  dir: string;
}

const defaultBackoff = (attempt: number) => Math.min(2000, 100 * 2 ** attempt) * (0.5 + Math.random() / 2);

export async function runEval(options: RunOptions): Promise<RunResult> {
  const dataset =
    typeof options.dataset === 'string' ? loadDataset(options.dataset, options.references) : options.dataset;
  const items = options.limit !== undefined ? dataset.items.slice(0, options.limit) : dataset.items;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const retries = Math.max(0, options.retries ?? 2);
  const backoff = options.backoffMs ?? defaultBackoff;
  mkdirSync(options.out, { recursive: true });
  const cache = new CompletionCache(options.cachePath ?? join(options.out, 'cache.jsonl'));
  const client = new StreamClient({
    endpoint: options.endpoint,
    apiKey: options.apiKey,
    deadlineMs: options.deadlineMs ?? 10_000,
    connections: concurrency,
  });
  const startedAt = new Date().toISOString();
  const results: Array<{
    result: CompletionResult | null;
    error: string | null;
    attempts: number;
    cached: boolean;
  }> = new Array(items.length);
  const progress: Progress = createProgress(items.length, options.progress ?? process.stderr.isTTY === true);
  let requested = 0;
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      options.signal?.throwIfAborted();
      const index = next++;
      const item = items[index]!;
      const hit = cache.get(item.id, options.model, PROMPT_VERSION);
      if (hit) {
        results[index] = { result: hit, error: null, attempts: hit.attempts, cached: true };
        progress.tick(false);
        continue;
      }
      let attempts = 0;
      let lastError = '';
      let result: CompletionResult | null = null;
      while (attempts <= retries && result === null) {
        attempts++;
        requested++;
        try {
          result = await client.complete(options.model, item.source, options.signal);
        } catch (err) {
          if (options.signal?.aborted) throw err;
          lastError = err instanceof Error ? err.message : String(err);
          const retryable = !(err instanceof CompletionError) || err.retryable;
          if (!retryable || attempts > retries) break;
          await new Promise((r) => setTimeout(r, backoff(attempts)));
        }
      }
      if (result) {
        cache.put({
          ...result,
          id: item.id,
          model: options.model,
          promptVersion: PROMPT_VERSION,
          attempts,
          at: new Date().toISOString(),
        });
      }
      results[index] = { result, error: result ? null : lastError, attempts, cached: false };
      progress.tick(result === null);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  } finally {
    progress.stop();
    await client.close();
  }
  const { scores, perItem } = scoreOutputs(
    items,
    results.map((r) => r.result?.output ?? null),
  );
  const records: ItemRecord[] = items.map((item, i) => {
    const r = results[i]!;
    return {
      id: item.id,
      source: item.source,
      references: item.references,
      output: r.result?.output ?? null,
      error: r.error,
      attempts: r.attempts,
      cached: r.cached,
      ttftMs: r.result?.ttftMs ?? null,
      latencyMs: r.result?.latencyMs ?? null,
      promptTokens: r.result?.promptTokens ?? null,
      completionTokens: r.result?.completionTokens ?? null,
      score: perItem[i]!,
    };
  });
  const ok = records.filter((r) => r.output !== null);
  const summary: RunSummary = {
    dataset: dataset.name,
    model: options.model,
    endpoint: options.endpoint,
    promptVersion: PROMPT_VERSION,
    startedAt,
    finishedAt: new Date().toISOString(),
    counts: {
      items: records.length,
      ok: ok.length,
      errors: records.length - ok.length,
      cached: records.filter((r) => r.cached).length,
      requested,
    },
    scores,
    latency: {
      e2e: percentiles(ok.map((r) => r.latencyMs!).filter((v) => v !== null)),
      ttft: percentiles(ok.map((r) => r.ttftMs).filter((v): v is number => v !== null)),
    },
    tokens: {
      prompt: ok.reduce((s, r) => s + (r.promptTokens ?? 0), 0),
      completion: ok.reduce((s, r) => s + (r.completionTokens ?? 0), 0),
    },
  };
  writeFileSync(join(options.out, 'items.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileSync(join(options.out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return { summary, items: records, dir: options.out };
}
