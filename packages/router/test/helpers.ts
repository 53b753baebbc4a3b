import { createRouter } from '../src/create-router.ts';
import { type ManualClock, manualClock, mulberry32 } from '../src/testing.ts';
import type {
  EndpointSpec,
  FailureReason,
  Outcome,
  PolicyName,
  RequestHandle,
  RouterTuning,
  RouterWithStats,
} from '../src/types.ts';

export const specs = (n: number, prefix = 'p'): EndpointSpec[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, url: `http://${prefix}${i}:8000` }));

export interface Fixture {
  router: RouterWithStats;
  clock: ManualClock;
}

export function fixture(policy: PolicyName, n: number, tuning: RouterTuning = {}, seed = 42): Fixture {
  const clock = manualClock(1_000);
  const router = createRouter({ ...tuning, policy, clock, random: mulberry32(seed), endpoints: specs(n) });
  return { router, clock };
}

export function pickHandle(
  router: RouterWithStats,
  options?: Parameters<RouterWithStats['pick']>[0],
): RequestHandle {
  const result = router.pick(options);
  if (!result.ok) throw new Error(`pick failed: ${result.reason}`);
  return result.handle;
}

/** Pick n times, finishing each at once; returns counts per endpoint id. */
export function countPicks(router: RouterWithStats, n: number, finish = true): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const h = pickHandle(router);
    counts.set(h.endpoint.id, (counts.get(h.endpoint.id) ?? 0) + 1);
    if (finish) h.finish({ kind: 'success', outputTokens: 10 });
  }
  return counts;
}

/** Fail `times` requests routed to `id` (picking until it is chosen). */
export function failOn(
  router: RouterWithStats,
  id: string,
  times: number,
  reason: FailureReason = 'http-5xx',
) {
  finishOn(
    router,
    id,
    Array.from({ length: times }, () => ({ kind: 'failure', reason }) as const),
  );
}

/** Route requests to `id` (picking until it is chosen; others are cancelled) and end them with `outcomes`. */
export function finishOn(router: RouterWithStats, id: string, outcomes: readonly Outcome[]) {
  let done = 0;
  for (let guard = 0; done < outcomes.length && guard < 100_000; guard++) {
    const h = pickHandle(router);
    if (h.endpoint.id === id) h.finish(outcomes[done++]!);
    else h.finish({ kind: 'failure', reason: 'cancelled' });
  }
  if (done < outcomes.length) throw new Error(`could not route ${outcomes.length} requests to ${id}`);
}

export const stateOf = (router: RouterWithStats, id: string) =>
  router.snapshot().find((s) => s.id === id)?.state;
