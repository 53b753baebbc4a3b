import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CompletionResult } from './openai-stream.ts';

export interface CacheEntry extends CompletionResult {
  id: string;
  model: string;
  promptVersion: string;
  attempts: number;
  at: string;
}

export const cacheKey = (id: string, model: string, promptVersion: string) =>
  JSON.stringify([id, model, promptVersion]);

/**
 * Append-only JSONL cache of successful completions, keyed by item id + model + prompt version. Each line
 * is written with one append, so a crash loses at most the line being written; a torn last line is ignored.
 */
export class CompletionCache {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(readonly path: string) {
    if (!existsSync(path)) return;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        const entry = JSON.parse(line) as CacheEntry;
        this.entries.set(cacheKey(entry.id, entry.model, entry.promptVersion), entry);
      } catch {
        // torn write from an interrupted run: that item is simply requested again
      }
    }
  }

  get(id: string, model: string, promptVersion: string): CacheEntry | undefined {
    return this.entries.get(cacheKey(id, model, promptVersion));
  }

  put(entry: CacheEntry): void {
    mkdirSync(dirname(this.path), { recursive: true });
    appendFileSync(this.path, `${JSON.stringify(entry)}\n`);
    this.entries.set(cacheKey(entry.id, entry.model, entry.promptVersion), entry);
  }

  get size(): number {
    return this.entries.size;
  }
}
