/**
 * `calibrate`: find the highest per-pod concurrency whose end-to-end p99 meets the SLO, against one
 * OpenAI-compatible pod (pod-sim or a real vLLM pod), and record the concurrency → throughput curve.
 */
import { StreamingChatClient } from './chat-client.ts';
import { type LevelBounds, type LevelResult, runLevel } from './closed-loop.ts';
import { fmt, formatTable } from './format-table.ts';
import type { MaxTokens } from './prompts.ts';
import { sweepConcurrency } from './sweep.ts';
import type { TargetFile } from './target-file.ts';

export interface CalibrateOptions {
  endpoint: string;
  sloP99Ms: number;
  /** Model name sent in requests. Default: the first id from GET /v1/models. */
  model?: string;
  /** max_tokens per request, or a range matching the traffic's output lengths. Default 50. */
  maxTokens?: MaxTokens;
  /** Highest concurrency to try. Default 512. */
  maxConcurrency?: number;
  /** Per-level bounds. Default 2 000 requests / 15 s, 2 s warm-up. */
  level?: Partial<LevelBounds>;
  /** Stop bisecting at this relative gap. Default 0.05. */
  resolution?: number;
  onLevel?: (level: LevelResult, passed: boolean) => void;
}

export const DEFAULT_LEVEL_BOUNDS: LevelBounds = { maxRequests: 2_000, maxMs: 15_000, warmupMs: 2_000 };

export async function calibrate(options: CalibrateOptions): Promise<TargetFile> {
  const model = options.model ?? (await firstModel(options.endpoint));
  const maxConcurrency = options.maxConcurrency ?? 512;
  const bounds = { ...DEFAULT_LEVEL_BOUNDS, ...options.level };
  const client = new StreamingChatClient({
    endpoint: options.endpoint,
    model,
    maxTokens: options.maxTokens ?? 50,
    // A request far beyond the SLO only needs to be known as failed.
    timeoutMs: Math.max(5_000, options.sloP99Ms * 10),
    connections: maxConcurrency,
  });
  try {
    const result = await sweepConcurrency(
      (c) => runLevel(() => client.send(), c, bounds),
      { sloP99Ms: options.sloP99Ms, maxConcurrency, resolution: options.resolution },
      options.onLevel,
    );
    return {
      targetConcurrencyPerPod: result.targetConcurrencyPerPod,
      sloP99Ms: options.sloP99Ms,
      curve: result.curve.map((l) => ({
        ...l,
        p50Ms: Number.isFinite(l.p50Ms) ? round(l.p50Ms) : null,
        p99Ms: Number.isFinite(l.p99Ms) ? round(l.p99Ms) : null,
        throughputRps: round(l.throughputRps),
      })),
      endpoint: options.endpoint,
      model,
      measuredAt: new Date().toISOString(),
    };
  } finally {
    await client.close();
  }
}

export function formatCurve(target: TargetFile): string {
  const rows = target.curve.map((l) => [
    String(l.concurrency),
    fmt(l.p50Ms),
    fmt(l.p99Ms),
    fmt(l.throughputRps, 1),
    String(l.requests),
    String(l.errors),
    l.p99Ms !== null && l.p99Ms <= target.sloP99Ms && l.concurrency <= target.targetConcurrencyPerPod
      ? 'yes'
      : 'no',
  ]);
  return formatTable(['concurrency', 'p50 ms', 'p99 ms', 'req/s', 'requests', 'errors', 'meets SLO'], rows);
}

async function firstModel(endpoint: string): Promise<string> {
  const base = endpoint.replace(/\/+$/, '');
  const url = base.endsWith('/v1') ? `${base}/models` : `${base}/v1/models`;
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`GET ${url} → HTTP ${res.status}; pass --model`);
  const body = (await res.json()) as { data?: { id?: unknown }[] };
  const id = body.data?.[0]?.id;
  if (typeof id !== 'string') throw new Error(`GET ${url} listed no model; pass --model`);
  return id;
}

const round = (n: number) => Math.round(n * 10) / 10;
