import type { EndpointSnapshot, Outcome, PickOptions, PickResult, Router } from '@redline/router';
import type { ModelPool } from '../../src/pools/model-pool.ts';

/**
 * A pool over a router double: picks the first endpoint not excluded, records picks and outcomes, and grants
 * `retryTokens` retries (a released retry gives its token back; `heldRetries()` counts those not released).
 */
export function fakePool(ids: string[], retryTokens = 10) {
  const outcomes: { id: string; outcome: Outcome }[] = [];
  const picks: { id: string; exclude: string[] }[] = [];
  /** Each pick's output-length hint, index for index with picks. */
  const hints: (number | undefined)[] = [];
  let tokens = retryTokens;
  let held = 0;
  const router: Router = {
    policy: 'least-request',
    setEndpoints() {},
    reportHealth() {},
    snapshot: () => [] as EndpointSnapshot[],
    tryAcquireRetry() {
      if (tokens <= 0) return undefined;
      tokens--;
      held++;
      let released = false;
      return {
        release: () => {
          if (released) return;
          released = true;
          tokens++;
          held--;
        },
      };
    },
    pick(options?: PickOptions): PickResult {
      const id = ids.find((candidate) => !options?.exclude?.has(candidate));
      if (!id) return { ok: false, reason: 'no-endpoints', retryAfterMs: 1000 };
      picks.push({ id, exclude: [...(options?.exclude ?? [])] });
      hints.push(options?.outputTokensHint);
      return {
        ok: true,
        handle: {
          endpoint: { id, url: `http://${id}` },
          reportLoad() {},
          firstToken() {},
          finish: (outcome) => outcomes.push({ id, outcome }),
        },
      };
    },
  };
  const pool: ModelPool = { model: 'm', router, endpoints: () => [], isReady: () => true, close() {} };
  return { pool, outcomes, picks, hints, heldRetries: () => held };
}
