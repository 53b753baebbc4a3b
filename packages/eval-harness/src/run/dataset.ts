import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type GoldSentence, loadM2Gold } from '../metrics/m2-gold.ts';
import { pyReadlines } from '../metrics/python-compat.ts';
import { applyGold } from '../metrics/token-edits.ts';

/** One evaluation item. `tokenized` marks sources already tokenised the PTB way (M2 gold). */
export interface DatasetItem {
  id: string;
  source: string;
  references: string[];
  gold?: GoldSentence;
}

export interface Dataset {
  name: string;
  format: 'm2' | 'jsonl' | 'parallel';
  items: DatasetItem[];
}

const jsonlItemSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  source: z.string(),
  references: z.array(z.string()).default([]),
});

export class DatasetError extends Error {
  override readonly name = 'DatasetError';
}

export function parseJsonlDataset(text: string, name: string): Dataset {
  const items: DatasetItem[] = [];
  const ids = new Set<string>();
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new DatasetError(`${name}:${index + 1}: not JSON`);
    }
    const parsed = jsonlItemSchema.safeParse(raw);
    if (!parsed.success)
      throw new DatasetError(`${name}:${index + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    if (ids.has(parsed.data.id))
      throw new DatasetError(`${name}:${index + 1}: duplicate id ${parsed.data.id}`);
    ids.add(parsed.data.id);
    items.push(parsed.data);
  });
  return { name, format: 'jsonl', items };
}

export function parseM2Dataset(text: string, name: string): Dataset {
  const items = loadM2Gold(text).map((gold, index) => {
    const tokens = gold.source.split(' ').filter(Boolean);
    const references = gold.annotators.map((a) => applyGold(tokens, a.edits).join(' '));
    return { id: String(index + 1), source: gold.source, references: [...new Set(references)], gold };
  });
  return { name, format: 'm2', items };
}

export function parseParallelDataset(sourceText: string, referenceTexts: string[], name: string): Dataset {
  const sources = pyReadlines(sourceText);
  const refs = referenceTexts.map(pyReadlines);
  for (const r of refs) {
    if (r.length !== sources.length)
      throw new DatasetError(`${name}: a reference file has ${r.length} lines, source ${sources.length}`);
  }
  const items = sources.map((source, i) => ({
    id: String(i + 1),
    source,
    references: refs.map((r) => r[i]!),
  }));
  return { name, format: 'parallel', items };
}

/** Load by extension: .m2 gold, .jsonl items, anything else parallel text (with `references` files). */
export function loadDataset(path: string, references: string[] = []): Dataset {
  const text = readFileSync(path, 'utf8');
  if (path.endsWith('.m2')) return parseM2Dataset(text, path);
  if (path.endsWith('.jsonl')) return parseJsonlDataset(text, path);
  return parseParallelDataset(
    text,
    references.map((r) => readFileSync(r, 'utf8')),
    path,
  );
}
