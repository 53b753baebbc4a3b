import type { Edit } from '@redline/edits';

export interface CachedCorrection {
  edits: Edit[];
  model: string;
}

export interface CorrectionCacheKey {
  model: string;
  promptVersion: string;
  dialect: string;
  text: string;
}

export interface CorrectionCacheOptions {
  /** Most entries kept. Default 10,000. */
  maxEntries?: number;
  /** Most characters of text kept across all keys (bounds memory for long segments). Default 20,000,000. */
  maxChars?: number;
  /** Entries older than this are misses (bounds staleness). Default 1 hour. */
  ttlMs?: number;
  /** Milliseconds clock, injectable for tests. */
  now?: () => number;
}

interface Entry {
  value: CachedCorrection;
  chars: number;
  storedAt: number;
}

/**
 * Bounded in-process LRU of corrections. Corrections are deterministic (temperature 0) for a given model,
 * prompt, dialect and text, and extension users resend the same paragraphs on every keystroke pause.
 * A Map keeps insertion order, so re-inserting on hit makes the first key the least recently used.
 */
export class CorrectionCache {
  private readonly entries = new Map<string, Entry>();
  private chars = 0;
  private readonly maxEntries: number;
  private readonly maxChars: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: CorrectionCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.maxChars = options.maxChars ?? 20_000_000;
    this.ttlMs = options.ttlMs ?? 3_600_000;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: CorrectionCacheKey): CachedCorrection | undefined {
    const k = serialize(key);
    const entry = this.entries.get(k);
    if (!entry) return undefined;
    this.entries.delete(k);
    if (this.now() - entry.storedAt > this.ttlMs) {
      this.chars -= entry.chars;
      return undefined;
    }
    this.entries.set(k, entry);
    return entry.value;
  }

  set(key: CorrectionCacheKey, value: CachedCorrection): void {
    if (this.maxEntries <= 0) return;
    const k = serialize(key);
    const chars = k.length;
    if (chars > this.maxChars) return;
    const existing = this.entries.get(k);
    if (existing) {
      this.entries.delete(k);
      this.chars -= existing.chars;
    }
    this.entries.set(k, { value, chars, storedAt: this.now() });
    this.chars += chars;
    while (this.entries.size > this.maxEntries || this.chars > this.maxChars) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      const entry = this.entries.get(oldest.value);
      this.entries.delete(oldest.value);
      this.chars -= entry?.chars ?? 0;
    }
  }

  clear(): void {
    this.entries.clear();
    this.chars = 0;
  }
}

/** Unambiguous key: JSON of a tuple cannot collide the way a joined string could. */
export function serialize(key: CorrectionCacheKey): string {
  return JSON.stringify([key.model, key.promptVersion, key.dialect, key.text]);
}
