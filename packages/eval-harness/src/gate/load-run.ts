import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ItemRecord, RunSummary } from '../run/run-eval.ts';

export interface LoadedRun {
  dir: string;
  summary: RunSummary;
  items: ItemRecord[];
}

export class RunLoadError extends Error {
  override readonly name = 'RunLoadError';
}

/** A run directory as `redline-eval run` writes it: summary.json + items.jsonl. */
export function loadRun(dir: string): LoadedRun {
  const summaryPath = join(dir, 'summary.json');
  const itemsPath = join(dir, 'items.jsonl');
  if (!existsSync(summaryPath) || !existsSync(itemsPath)) {
    throw new RunLoadError(`${dir} is not a run directory (needs summary.json and items.jsonl)`);
  }
  try {
    const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as RunSummary;
    const items = readFileSync(itemsPath, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as ItemRecord);
    return { dir, summary, items };
  } catch (err) {
    throw new RunLoadError(`${dir}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
