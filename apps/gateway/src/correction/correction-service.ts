import { diffEdits, type Edit } from '@redline/edits';
import type { Clock, RandomSource } from '@redline/router';
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import type { GatewayMetrics } from '../observability/metrics.ts';
import type { ModelPool } from '../pools/model-pool.ts';
import { callWithRetries, type RetryPolicy } from '../upstream/call-with-retries.ts';
import type { Hedging } from '../upstream/hedging.ts';
import {
  type StreamedCompletion,
  streamChatCompletion,
  type TokenUsage,
} from '../upstream/stream-chat-completion.ts';
import { type CorrectionCache, serialize } from './correction-cache.ts';
import { buildCorrectionRequest, type Dialect, expectedCorrectionTokens, PROMPT_VERSION } from './prompt.ts';
import { SharedCalls } from './shared-calls.ts';

export interface CorrectionServiceOptions {
  pool: ModelPool;
  dispatcher: Dispatcher;
  cache: CorrectionCache;
  metrics: GatewayMetrics;
  clock: Clock;
  random: RandomSource;
  logger: Logger;
  retryPolicy?: RetryPolicy;
  /** Hedging of slow-to-start segments (class 'check'). */
  hedging?: Hedging;
}

export interface CorrectSegmentInput {
  text: string;
  dialect: Dialect;
  /** The client's signal (disconnect). */
  signal: AbortSignal;
  /** Absolute deadline on the service's clock. */
  deadlineAt: number;
  /** Pool to ask instead of the default one (rollouts: canary or shadow candidates). */
  pool?: ModelPool;
  /** False to bypass the cache (shadow copies must measure the candidate, not the cache). Default true. */
  useCache?: boolean;
}

export interface CorrectionResult {
  edits: Edit[];
  model: string;
  cached: boolean;
  /** Tokens the pod spent (zero when served from cache). */
  usage: TokenUsage;
}

/** Turns one text segment into edits: cache, then one chat completion through the pool's router, then a diff. */
export class CorrectionService {
  private readonly inFlight = new SharedCalls<StreamedCompletion>();

  constructor(private readonly options: CorrectionServiceOptions) {}

  async correctSegment(input: CorrectSegmentInput): Promise<CorrectionResult> {
    const { cache, metrics, logger } = this.options;
    const pool = input.pool ?? this.options.pool;
    const useCache = input.useCache ?? true;
    const model = pool.model;
    const noUsage = { promptTokens: 0, completionTokens: 0 };
    // Nothing to correct: do not spend a GPU round trip on whitespace.
    if (input.text.trim() === '') return { edits: [], model, cached: false, usage: noUsage };

    const key = { model, promptVersion: PROMPT_VERSION, dialect: input.dialect, text: input.text };
    const hit = useCache ? cache.get(key) : undefined;
    if (useCache) metrics.cache.inc({ result: hit ? 'hit' : 'miss' });
    if (hit) return { edits: hit.edits, model: hit.model, cached: true, usage: noUsage };

    const body = buildCorrectionRequest(model, input.text, input.dialect);
    const started = this.options.clock.now();
    const hint = expectedCorrectionTokens(input.text);
    const complete = (signal: AbortSignal) => this.complete(pool, body, signal, input.deadlineAt, hint);
    // Identical segments in flight at once (a paragraph re-sent while its check runs) share one pod request.
    const { value: completion, shared } = useCache
      ? await this.inFlight.run(serialize(key), input.signal, complete)
      : { value: await complete(input.signal), shared: false };
    if (shared) metrics.cache.inc({ result: 'coalesced' });
    const usage = shared ? noUsage : (completion.usage ?? noUsage);
    if (completion.finishReason === 'length') {
      // A cut-off correction would read as deleting the rest of the text: propose nothing rather than harm.
      logger.warn(
        { chars: input.text.length, model },
        'correction truncated by max_tokens; no edits proposed',
      );
      return { edits: [], model, cached: false, usage };
    }
    const corrected = stripWrappingQuotes(input.text, completion.text);
    const edits = diffEdits(input.text, corrected);
    if (useCache) cache.set(key, { edits, model });
    logger.debug({ ms: this.options.clock.now() - started, edits: edits.length }, 'segment corrected');
    return { edits, model, cached: false, usage };
  }

  /** One streaming chat completion through the pool's router, with retries on other pods. */
  private complete(
    pool: ModelPool,
    body: object,
    signal: AbortSignal,
    deadlineAt: number,
    outputTokensHint: number,
  ) {
    const { clock, metrics } = this.options;
    return callWithRetries({
      pool,
      clock,
      random: this.options.random,
      metrics,
      deadlineAt,
      signal,
      policy: this.options.retryPolicy,
      hedge: this.options.hedging?.forPool(pool, 'check'),
      outputTokensHint,
      attempt: async ({ handle, signal: attemptSignal, claim }) => {
        const sentAt = clock.now();
        const result = await streamChatCompletion({
          dispatcher: this.options.dispatcher,
          handle: {
            endpoint: handle.endpoint,
            reportLoad: (report) => handle.reportLoad(report),
            finish: (outcome) => handle.finish(outcome),
            firstToken: () => {
              metrics.upstreamTtft.observe({ pool: pool.model }, (clock.now() - sentAt) / 1000);
              handle.firstToken();
              // A hedge of this segment already won: this attempt was aborted; its result is never used.
              claim();
            },
          },
          path: '/v1/chat/completions',
          body,
          signal: attemptSignal,
        });
        return { value: result, outputTokens: result.usage?.completionTokens ?? 0 };
      },
    });
  }
}

/** Models sometimes wrap their answer in quotes the input did not have; those are not corrections. */
function stripWrappingQuotes(original: string, corrected: string): string {
  const trimmed = corrected.trim();
  const quoted = /^(["“])([\s\S]*)(["”])$/.exec(trimmed);
  if (quoted && !/^["“]/.test(original.trim())) return quoted[2] ?? corrected;
  // Keep the original's surrounding whitespace: the model's trailing newline is not an edit.
  if (trimmed !== corrected && original.trim() === original) return trimmed;
  return corrected;
}
