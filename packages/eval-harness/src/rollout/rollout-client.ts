import { createTRPCUntypedClient, httpLink } from '@trpc/client';

/**
 * Thin client for the gateway's admin `rollouts.*` tRPC procedures. Untyped on purpose for now (the
 * router lives in apps/gateway/src/rollouts and is not built yet): every call goes through `call`, so
 * switching to `createTRPCClient<AppRouter>` later touches only this file.
 */
export interface RolloutClientOptions {
  /** Gateway tRPC base URL, e.g. http://127.0.0.1:3000/trpc */
  url: string;
  adminToken: string;
  fetch?: typeof fetch;
}

export interface RolloutClient {
  start(input: { candidate: string; baseline: string }): Promise<unknown>;
  recordGate(input: { rolloutId: string; verdict: string; report: unknown }): Promise<unknown>;
  advance(input: { id: string; reason: string }): Promise<unknown>;
  status(input: { id?: string }): Promise<unknown>;
  rollback(input: { id: string; reason: string }): Promise<unknown>;
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
