/**
 * A simulated gateway's retries for attempts that fail with a 503. Whether and when to retry is @redline/router's
 * planRetry, the rule apps/gateway's callWithRetries asks too (attempts, time left, retry budget, backoff); this
 * keeps what the simulation needs around it: the pods each request tried (its retry goes elsewhere), the budget
 * token its retry holds until answered (its first token) or ended, and the counts. A request has state here
 * only between its first failed attempt and its end.
 */
import { type PickOptions, planRetry, type RouterWithStats } from '@redline/router';

interface RetryState {
  /** Pods already tried (a retry goes elsewhere). */
  readonly exclude: Set<string>;
  /** Attempts made so far, all failed. */
  attempts: number;
  /** The retry budget's token, held until the retry is answered (its first token) or ends. */
  budget: { release(): void } | undefined;
  /** The request slot's generation: a backoff timer that outlived its request finds a different one. */
  readonly gen: number;
}

export type RetryDecision = { kind: 'give-up' } | { kind: 'refused' } | { kind: 'retry'; waitMs: number };

export class GatewayRetries {
  sent = 0;
  refused = 0;
  private readonly states = new Map<number, RetryState>();
  private readonly options: PickOptions = {};

  constructor(private readonly random: () => number) {}

  /** Whether any request is between attempts (a cheap guard before end()). */
  get any(): boolean {
    return this.states.size > 0;
  }

  /** An attempt of request `slot` failed on pod `podId`: record it and decide what comes next. */
  onFailure(
    slot: number,
    gen: number,
    podId: string,
    router: RouterWithStats,
    remainingMs: number,
  ): RetryDecision {
    let state = this.states.get(slot);
    if (state === undefined) {
      state = { exclude: new Set(), attempts: 1, budget: undefined, gen };
      this.states.set(slot, state);
    }
    state.budget?.release();
    state.budget = undefined;
    state.exclude.add(podId);
    const plan = planRetry(router, state.attempts, remainingMs, this.random);
    if (plan.kind === 'refused') this.refused++;
    if (plan.kind !== 'retry') return plan;
    state.budget = plan.budget;
    state.attempts++;
    this.sent++;
    return { kind: 'retry', waitMs: plan.waitMs };
  }

  /** Whether request `slot` of generation `gen` is still waiting for its retry (a backoff timer fired). */
  waiting(slot: number, gen: number): boolean {
    return this.states.get(slot)?.gen === gen;
  }

  /** Pick options for the retry of `slot`: the pods it tried are excluded. Reused: use before the next call. */
  pickOptions(slot: number, deadlineAt: number | undefined, outputTokensHint?: number): PickOptions {
    this.options.exclude = this.states.get(slot)?.exclude;
    this.options.deadlineAt = deadlineAt;
    this.options.outputTokensHint = outputTokensHint;
    return this.options;
  }

  /**
   * Request `slot`'s attempt produced its first token: its retry, if it was one, is answered and gives back
   * its budget token (as the gateway does: see its call-with-retries.ts). No further retry can follow: a pod
   * fails a request here only before its first token.
   */
  answered(slot: number): void {
    this.end(slot);
  }

  /** Request `slot` ended (served, failed or timed out): give back its budget token. */
  end(slot: number): void {
    const state = this.states.get(slot);
    if (state === undefined) return;
    state.budget?.release();
    this.states.delete(slot);
  }
}
