import { createRedlineClient, type RedlineClient, redlineErrorCode } from '@redline/client';
import type { Category } from '@redline/edits';
import type { FeedbackAction } from '../lib/protocol.ts';
import type { DialectSetting } from '../lib/settings.ts';
import type { SegmentEdit } from '../lib/suggestions.ts';

export interface SegmentAnswer {
  segmentId: string;
  edits: SegmentEdit[];
  model: string;
  cached: boolean;
}

/** Why a gateway call failed: the network (fall back and retry later) or the gateway said no. */
export class GatewayFailure extends Error {
  override readonly name = 'GatewayFailure';
  constructor(
    readonly kind: 'unreachable' | 'rejected',
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** correct.check over @redline/client's streaming link: each segment's result is handed on as it arrives. */
export class GatewayChecker {
  private client: RedlineClient | null = null;
  private configured = '';

  private clientFor(url: string, apiKey: string): RedlineClient {
    const key = `${url}\u0000${apiKey}`;
    if (this.client === null || key !== this.configured) {
      this.client = createRedlineClient({ url, apiKey, fetch: (input, init) => fetch(input, init) });
      this.configured = key;
    }
    return this.client;
  }

  async check(
    options: { url: string; apiKey: string; dialect: DialectSetting },
    segments: Array<{ id: string; text: string }>,
    signal: AbortSignal,
    onAnswer: (answer: SegmentAnswer) => void,
  ): Promise<void> {
    const client = this.clientFor(options.url, options.apiKey);
    try {
      const stream = await client.correct.check.query({ segments, dialect: options.dialect }, { signal });
      for await (const r of stream) {
        if (signal.aborted) return;
        onAnswer({ segmentId: r.segmentId, edits: r.edits, model: r.model, cached: r.cached });
      }
    } catch (error) {
      if (signal.aborted) return;
      throw classify(error);
    }
  }

  /** Fire-and-forget: feedback never blocks or fails the user's action. */
  async feedback(
    options: { url: string; apiKey: string },
    input: { action: FeedbackAction; category: Category; model: string },
  ): Promise<void> {
    try {
      await this.clientFor(options.url, options.apiKey).feedback.record.mutate(input);
    } catch {
      // The gateway being down must not surface as an error in the page.
    }
  }
}

/** Codes that mean "the gateway or its pods could not answer in time": fall back, retry later. */
const TRANSIENT_CODES = new Set([
  'INTERNAL_SERVER_ERROR',
  'SERVICE_UNAVAILABLE',
  'TIMEOUT',
  'GATEWAY_TIMEOUT',
  'BAD_GATEWAY',
]);

function classify(error: unknown): GatewayFailure {
  const code = redlineErrorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  // No tRPC error code: the request never got an answer (refused, DNS, offline, CORS, stream cut).
  if (code === undefined || TRANSIENT_CODES.has(code))
    return new GatewayFailure('unreachable', code ?? 'NETWORK', message);
  return new GatewayFailure('rejected', code, message);
}
