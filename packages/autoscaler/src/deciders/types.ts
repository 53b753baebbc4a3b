/**
 * The contract every scaling policy implements. A decider is pure decision logic: time and observations come
 * in as arguments, so tests and the simulator drive it with a fake clock. Deciders may keep state between calls
 * (panic mode, recommendation history) and assume their previous answer was applied.
 */
export interface DecideInput {
  /** Milliseconds on the caller's clock (monotonic within one decider's life). */
  now: number;
  /** Pods that are Ready and receive traffic. */
  readyPods: number;
  /** Pods ordered but not yet Ready (scheduling, pulling, loading weights). Default 0. */
  startingPods?: number;
  /** Total in-flight requests (all pods with metrics), averaged over the stable window (60 s by default). */
  stableConcurrency: number;
  /** Total in-flight requests (all pods with metrics), averaged over the panic window (6 s by default). */
  panicConcurrency: number;
  /** Ready pods whose metrics were scraped; the concurrencies cover only these. Default: readyPods. */
  podsWithMetrics?: number;
}

export interface DecideResult {
  /** Total pods (ready + starting) the policy wants. */
  desiredPods: number;
  inPanic: boolean;
}

export interface Decider {
  decide(input: DecideInput): DecideResult;
}

export type DeciderName = 'kpa' | 'hpa' | 'redline';
