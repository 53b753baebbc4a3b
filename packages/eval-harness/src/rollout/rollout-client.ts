import { createTRPCUntypedClient, httpLink } from '@trpc/client';

/**
 * Thin client for the gateway's admin `rollouts.*` tRPC procedures (apps/gateway/src/rollouts/rollouts-router.ts).
 * Untyped on purpose: a typed `createTRPCClient<AppRouter>` would pull the whole gateway into this package's
 * type check; the input shapes below mirror the router's zod schemas, and the results are printed as JSON.
 */
export interface RolloutClientOptions {
  /** Gateway tRPC base URL, e.g. http://127.0.0.1:8787/trpc */
  url: string;
  adminToken: string;
  fetch?: typeof fetch;
}

export interface RolloutClient {
  /** New rollout in shadow. */
  start(input: { candidate: string; baseline: string }): Promise<unknown>;
  /** Store a gate verdict (PASS, FAIL, INCONCLUSIVE) and its gate.json for the rollout's candidate vs baseline. */
  recordGate(input: { rolloutId: string; verdict: string; report: unknown }): Promise<unknown>;
  /**
   * shadow → canary (refused with PRECONDITION_FAILED unless the latest gate is PASS), next canary step,
   * promoted. `percent` picks the canary share (100 promotes); `actor` names the operator in the audit trail.
   */
  advance(input: { id: string; reason: string; percent?: number; actor?: string }): Promise<unknown>;
  /** `{servingModel, rollouts}`: one rollout (id) or the active ones, with history, gate, shadow, canary. */
  status(input: { id?: string }): Promise<unknown>;
  rollback(input: { id: string; reason: string; actor?: string }): Promise<unknown>;
}

export function createRolloutClient(options: RolloutClientOptions): RolloutClient {
  const client = createTRPCUntypedClient({
    links: [
      httpLink({
        url: options.url,
        headers: () => ({ authorization: `Bearer ${options.adminToken}` }),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
    ],
  });
  const mutate = (path: string, input: unknown) => client.mutation(`rollouts.${path}`, input);
  return {
    start: (input) => mutate('start', input),
    recordGate: (input) => mutate('recordGate', input),
    advance: (input) => mutate('advance', input),
    status: (input) => client.query('rollouts.status', input),
    rollback: (input) => mutate('rollback', input),
  };
}
