import type { AppRouter } from '@redline/gateway/app-router';
import { createTRPCClient, httpBatchStreamLink, httpLink, splitLink, type TRPCClient } from '@trpc/client';

export type RedlineClient = TRPCClient<AppRouter>;

/** Calls per HTTP batch; the gateway refuses larger batches (each call may fan out to 50 upstream requests). */
export const MAX_BATCH_ITEMS = 10;

export interface RedlineClientOptions {
  /** Gateway base URL, e.g. "http://127.0.0.1:8787" (the client appends /trpc). */
  url: string;
  /** API key sent as `Authorization: Bearer <key>`; a function is called per request (key rotation). */
  apiKey: string | (() => string | Promise<string>);
  /** Custom fetch (tests, service workers). Default: the global fetch. */
  fetch?: typeof fetch;
}

/**
 * The typed client of the Redline gateway. Queries go over httpBatchStreamLink, so `correct.check` yields
 * each segment's result as soon as the gateway has it; mutations go over plain httpLink.
 * Browser-safe: no Node imports, and the router is imported as a type only.
 *
 * @example
 * const client = createRedlineClient({ url: 'http://127.0.0.1:8787', apiKey });
 * for await (const r of await client.correct.check.query({ segments: [{ id: 'p1', text }] })) console.log(r);
 */
export function createRedlineClient(options: RedlineClientOptions): RedlineClient {
  const url = `${options.url.replace(/\/+$/, '')}/trpc`;
  const headers = async () => {
    const key = typeof options.apiKey === 'function' ? await options.apiKey() : options.apiKey;
    return { authorization: `Bearer ${key}` };
  };
  const transport = { url, headers, ...(options.fetch ? { fetch: options.fetch } : {}) };
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'query',
        // POST, not GET: 50 segments of 2,000 characters do not fit in a URL (Node refuses >16 KB of headers).
        true: httpBatchStreamLink({ ...transport, methodOverride: 'POST', maxItems: MAX_BATCH_ITEMS }),
        false: httpLink(transport),
      }),
    ],
  });
}
