/**
 * The gateway's retry rule for attempts that fail with a 503, as apps/gateway's callWithRetries applies it: on a
 * pod not yet tried, at most RETRY_DEFAULTS.maxAttempts attempts, none with less than minAttemptMs left before
 * the deadline, each retry holding a token of the gateway router's retry budget until it ends, the first sent
 * at once and later ones after retryBackoffMs. Same code and defaults as the gateway (@redline/router), so a
 * simulated gateway retries exactly as a real one. A request has state here only between its first failed
 * attempt and its end.
 */
import { type PickOptions, RETRY_DEFAULTS, type RouterWithStats, retryBackoffMs } from '@redline/router';

interface RetryState {
  /** Pods already tried (a retry goes elsewhere). */
  readonly exclude: Set<string>;
  /** Attempts made so far, the failed ones included. */
  attempts: number;
  /** The retry budget's token, held until the retry ends. */
  budget: { release(): void } | undefined;
  /** The request slot's generation: a backoff timer that outlived its request finds a different one. */
  readonly gen: number;
}

export type RetryDecision =
  /** Attempts or time ran out. */
  | { kind: 'give-up' }
  /** The router's retry budget said no. */
  | { kind: 'refused' }
  /** Retry after waitMs (0: at once). */
  | { kind: 'retry'; waitMs: number };

export class GatewayRetries {
  sent = 0;
  refused = 0;
  private readonly states = new Map<number, RetryState>();
  private readonly options: { exclude?: ReadonlySet<string>; deadlineAt?: number } = {};

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
    if (state.attempts >= RETRY_DEFAULTS.maxAttempts || remainingMs <= RETRY_DEFAULTS.minAttemptMs)
      return { kind: 'give-up' };
    const budget = router.tryAcquireRetry();
    if (budget === undefined) {
      this.refused++;
      return { kind: 'refused' };
    }
    state.budget = budget;
    state.attempts++;
    this.sent++;
    const wait = retryBackoffMs(state.attempts - 1, this.random);
    return { kind: 'retry', waitMs: Math.min(wait, remainingMs - RETRY_DEFAULTS.minAttemptMs) };
  }

  /** Whether request `slot` of generation `gen` is still waiting for its retry (a backoff timer fired). */
  waiting(slot: number, gen: number): boolean {
    return this.states.get(slot)?.gen === gen;
  }

  /** Pick options for the retry of `slot`: the pods it tried are excluded. Reused: use before the next call. */
  pickOptions(slot: number, deadlineAt: number | undefined): PickOptions {
    this.options.exclude = this.states.get(slot)?.exclude;
    this.options.deadlineAt = deadlineAt;
    return this.options;
  }

  /** Request `slot` ended (served, failed or timed out): give back its budget token. */
  end(slot: number): void {
    const state = this.states.get(slot);
    if (state === undefined) return;
    state.budget?.release();
    this.states.delete(slot);
  }
}
