import type { ServerResponse } from 'node:http';
import type { FinishReason, Sequence } from '@redline/pod-model';
import type { EngineDriver } from './engine-driver.ts';
import type { Faults } from './faults.ts';
import type { DialectName } from './harper-corrector.ts';
import { sendJson } from './http-util.ts';
import type { PodMetrics } from './metrics.ts';
import { ORCA_RESPONSE_HEADER, type OrcaLoad, orcaHeaderValue } from './orca.ts';
import { type UsageInfo, usageInfo } from './protocol.ts';
import type { TextEngine } from './text-engine.ts';
import { tokenize } from './tokenizer.ts';

/** What a pod lends to each generation. */
export interface GenerationContext {
  readonly driver: EngineDriver;
  readonly metrics: PodMetrics;
  readonly text: TextEngine;
  faults(): Faults;
  orcaLoad(): OrcaLoad;
  /** Counts tokens actually delivered to clients (for stats). */
  onCompleted(outcome: 'ok' | 'aborted' | 'crashed'): void;
}

export interface GenerationPlan {
  readonly kind: 'chat' | 'completion';
  readonly id: string;
  readonly created: number;
  readonly model: string;
  /** Text the text engine answers to (last user message / the prompt). */
  readonly input: string;
  readonly dialect: DialectName;
  readonly promptTokens: number;
  readonly maxTokens: number;
  readonly stream: boolean;
  readonly includeUsage: boolean;
  /** stream_options.continuous_usage_stats (with include_usage): usage on every chunk, as vLLM does. */
  readonly continuousUsage: boolean;
  readonly orcaFormat: string | undefined;
  /** performance.now() when the request arrived. */
  readonly arrivedAt: number;
}

/**
 * One request's life: compute the answer text (harper runs here, on this thread, as real CPU work), queue it
 * in the modelled engine, and deliver its tokens as engine steps end — as SSE chunks or one JSON body.
 */
export async function runGeneration(ctx: GenerationContext, plan: GenerationPlan, res: ServerResponse) {
  let delivered = 0;
  let firstAt = Number.NaN;
  let lastTokenAt = Number.NaN;
  let done = false;
  let seq: Sequence | null = null;

  const finish = (outcome: 'ok' | 'aborted' | 'crashed') => {
    if (done) return;
    done = true;
    ctx.onCompleted(outcome);
  };

  // Registered before the (slow) correction so a client that leaves during linting is noticed.
  res.on('close', () => {
    if (done) return;
    if (seq) ctx.driver.cancel(seq);
    ctx.metrics.observeFinished('abort');
    finish('aborted');
  });

  const answer = await ctx.text.respond(plan.input, plan.dialect, ctx.faults().degrade);
  if (done) return;
  const pieces = tokenize(answer);
  const out = plan.stream ? new SseWriter(plan, res) : null;

  const crash = () => {
    if (seq) ctx.driver.cancel(seq);
    ctx.metrics.observeFinished('abort');
    finish('crashed');
    // Let what was already written reach the wire, then drop the connection without a proper end.
    const socket = res.socket;
    if (socket && !socket.destroyed && res.headersSent) socket.write('', () => socket.destroy());
    else res.destroy();
  };
  const recordFirst = (s: Sequence, now: number) => {
    if (!Number.isNaN(firstAt)) return;
    firstAt = now;
    lastTokenAt = now;
    const queueMs = (s.admittedAt - s.submittedAt) * ctx.driver.timeScale;
    ctx.metrics.observeFirstToken(
      (now - plan.arrivedAt) / 1000,
      Math.max(0, queueMs) / 1000,
      plan.promptTokens,
    );
  };

  seq = ctx.driver.submit(
    {
      id: plan.id,
      promptTokens: plan.promptTokens,
      maxOutputTokens: plan.maxTokens,
      outputTokens: pieces.length,
    },
    {
      onTokens(total) {
        if (done || !seq) return;
        const now = performance.now();
        recordFirst(seq, now);
        const fresh = total - delivered;
        if (delivered > 0) ctx.metrics.observeInterToken((now - lastTokenAt) / 1000);
        lastTokenAt = now;
        ctx.metrics.observeTokens(fresh);
        const crashAt = ctx.faults().crashAfterTokens;
        if (crashAt !== null && total >= crashAt) {
          // Deliver exactly `crashAt` tokens, then drop the connection mid-stream.
          out?.tokens(pieces.slice(delivered, Math.max(delivered, crashAt)).join(''), crashAt);
          return crash();
        }
        // The final token travels with the finish chunk, as in vLLM.
        const upTo = total >= seq.tokens ? total - 1 : total;
        if (out && upTo > delivered) out.tokens(pieces.slice(delivered, upTo).join(''), upTo);
        delivered = Math.max(delivered, upTo);
      },
      onFinished(s) {
        if (done) return;
        const now = performance.now();
        recordFirst(s, now);
        const reason: FinishReason = s.finishReason;
        ctx.metrics.observeFinished(reason, {
          e2eSeconds: (now - plan.arrivedAt) / 1000,
          ttftSeconds: (firstAt - plan.arrivedAt) / 1000,
          promptTokens: plan.promptTokens,
          generationTokens: s.tokens,
        });
        const text = pieces.slice(0, s.tokens).join('');
        const usage = usageInfo(plan.promptTokens, s.tokens);
        if (out) {
          out.finish(pieces.slice(delivered, s.tokens).join(''), reason, plan.includeUsage ? usage : null);
        } else {
          sendJson(
            res,
            200,
            finalBody(plan, text, reason, usage),
            orcaHeaders(plan.orcaFormat, ctx.orcaLoad()),
          );
        }
        finish('ok');
      },
    },
  );
  // Headers go out once the request is queued, so the ORCA load report counts it (as vLLM's would).
  out?.start(orcaHeaders(plan.orcaFormat, ctx.orcaLoad()));
}

function orcaHeaders(format: string | undefined, load: OrcaLoad): Record<string, string> {
  const value = orcaHeaderValue(format, load);
  return value ? { [ORCA_RESPONSE_HEADER]: value } : {};
}

function finalBody(plan: GenerationPlan, text: string, reason: FinishReason, usage: UsageInfo) {
  if (plan.kind === 'chat') {
    return {
      id: plan.id,
      object: 'chat.completion',
      created: plan.created,
      model: plan.model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: text,
            refusal: null,
            tool_calls: [],
            reasoning_content: null,
          },
          logprobs: null,
          finish_reason: reason,
          stop_reason: null,
        },
      ],
      service_tier: null,
      system_fingerprint: null,
      usage,
      prompt_logprobs: null,
      kv_transfer_params: null,
    };
  }
  return {
    id: plan.id,
    object: 'text_completion',
    created: plan.created,
    model: plan.model,
    choices: [
      { index: 0, text, logprobs: null, finish_reason: reason, stop_reason: null, prompt_logprobs: null },
    ],
    service_tier: null,
    system_fingerprint: null,
    usage,
    kv_transfer_params: null,
  };
}

/** Writes vLLM's SSE chunk stream: role chunk first (chat), content deltas, finish, usage, [DONE]. */
class SseWriter {
  private sentRole = false;

  constructor(
    private readonly plan: GenerationPlan,
    private readonly res: ServerResponse,
  ) {}

  start(headers: Record<string, string>): void {
    this.res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      ...headers,
    });
    this.res.flushHeaders();
  }

  private write(payload: unknown): void {
    if (!this.res.destroyed && !this.res.writableEnded)
      this.res.write(`data: ${JSON.stringify(payload)}\n\n`);
  }

  private chunk(choices: unknown[], usage?: UsageInfo | null) {
    const p = this.plan;
    const object = p.kind === 'chat' ? 'chat.completion.chunk' : 'text_completion';
    return usage
      ? { id: p.id, object, created: p.created, model: p.model, choices, usage }
      : { id: p.id, object, created: p.created, model: p.model, choices };
  }

  private choice(text: string, finishReason: FinishReason | null) {
    if (this.plan.kind === 'completion') {
      return finishReason
        ? { index: 0, text, logprobs: null, finish_reason: finishReason, stop_reason: null }
        : { index: 0, text, logprobs: null, finish_reason: null };
    }
    return finishReason
      ? { index: 0, delta: { content: text }, logprobs: null, finish_reason: finishReason, stop_reason: null }
      : { index: 0, delta: { content: text }, logprobs: null, finish_reason: null };
  }

  /** Usage so far, on every chunk when continuous usage stats were asked for. */
  private running(completionTokens: number): UsageInfo | null {
    return this.plan.continuousUsage ? usageInfo(this.plan.promptTokens, completionTokens) : null;
  }

  private ensureRole(): void {
    if (this.sentRole || this.plan.kind !== 'chat') return;
    this.sentRole = true;
    const role = { index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null };
    this.write(this.chunk([role], this.running(0)));
  }

  /** `text` brings the completion to `completionTokens` tokens. */
  tokens(text: string, completionTokens: number): void {
    this.ensureRole();
    if (text !== '') this.write(this.chunk([this.choice(text, null)], this.running(completionTokens)));
  }

  finish(text: string, reason: FinishReason, usage: UsageInfo | null): void {
    this.ensureRole();
    this.write(this.chunk([this.choice(text, reason)], usage && this.running(usage.completion_tokens)));
    if (usage) this.write(this.chunk([], usage));
    if (!this.res.destroyed && !this.res.writableEnded) this.res.end('data: [DONE]\n\n');
  }
}
