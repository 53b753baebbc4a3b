import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { specs } from '../test/helpers.ts';
import { createRouter } from './create-router.ts';
import { POLICY_NAMES } from './policies/index.ts';
import { manualClock, mulberry32 } from './testing.ts';
import type { EndpointSpec, Outcome, PolicyName, RequestHandle } from './types.ts';

type Op =
  | { kind: 'pick'; exclude: number[]; outcome: 'hold' | 'ok' | '5xx' | 'connect' | 'cancel' }
  | { kind: 'health'; index: number; healthy: boolean }
  | { kind: 'terminate'; index: number }
  | { kind: 'remove'; index: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'finishHeld' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('pick' as const),
      exclude: fc.array(fc.nat(11), { maxLength: 4 }),
      outcome: fc.constantFrom('hold', 'ok', '5xx', 'connect', 'cancel') as fc.Arbitrary<
        'hold' | 'ok' | '5xx' | 'connect' | 'cancel'
      >,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('health' as const), index: fc.nat(11), healthy: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('terminate' as const), index: fc.nat(11) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), index: fc.nat(11) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 40_000 }) }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'finishHeld' as const }) },
);

const outcomes: Record<'ok' | '5xx' | 'connect' | 'cancel', Outcome> = {
  ok: { kind: 'success', outputTokens: 7 },
  '5xx': { kind: 'failure', reason: 'http-5xx' },
  connect: { kind: 'failure', reason: 'connect' },
  cancel: { kind: 'failure', reason: 'cancelled' },
};

/** Runs ops against a router (panic off, so the health filter is strict); returns the picked ids. */
function drive(policy: PolicyName, n: number, seed: number, ops: Op[], check: boolean): string[] {
  const clock = manualClock(0);
  const router = createRouter({
    policy,
    clock,
    random: mulberry32(seed),
    endpoints: specs(n),
    panic: { thresholdPercent: 0 },
    health: { unhealthyThreshold: 1, healthyThreshold: 1 },
    outlier: { consecutiveFailures: 2, maxEjectionPercent: 50 },
  });
  let current: EndpointSpec[] = specs(n);
  const held: RequestHandle[] = [];
  const picked: string[] = [];
  for (const op of ops) {
    switch (op.kind) {
      case 'health':
        if (op.index < n) router.reportHealth(`p${op.index}`, op.healthy);
        break;
      case 'terminate':
        current = current.map((s) => (s.id === `p${op.index}` ? { ...s, terminating: true } : s));
        router.setEndpoints(current);
        break;
      case 'remove':
        current = current.filter((s) => s.id !== `p${op.index}`);
        router.setEndpoints(current);
        break;
      case 'advance':
        clock.advance(op.ms);
        break;
      case 'finishHeld':
        for (const h of held.splice(0)) h.finish(outcomes.ok);
        break;
      case 'pick': {
        const exclude = new Set(op.exclude.map((i) => `p${i}`));
        const before = router.snapshot();
        const result = router.pick({ exclude });
        const healthy = before.filter((s) => s.state === 'healthy');
        if (check) {
          if (healthy.length === 0) {
            expect(result.ok).toBe(false);
          } else {
            expect(result.ok).toBe(true);
            if (!result.ok) break;
            const chosen = before.find((s) => s.id === result.handle.endpoint.id);
            expect(chosen?.state).toBe('healthy');
            if (healthy.some((s) => !exclude.has(s.id)))
              expect(exclude.has(result.handle.endpoint.id)).toBe(false);
          }
        }
        if (!result.ok) {
          picked.push(`-${result.reason}`);
          break;
        }
        picked.push(result.handle.endpoint.id);
        if (op.outcome === 'hold') held.push(result.handle);
        else result.handle.finish(outcomes[op.outcome]);
        break;
      }
    }
  }
  return picked;
}

describe('router properties (fast-check)', () => {
  for (const policy of POLICY_NAMES) {
    it(`${policy}: never picks an ejected, unhealthy, terminating or excluded endpoint while a better one exists`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 12 }),
          fc.nat(),
          fc.array(opArb, { maxLength: 120 }),
          (n, seed, ops) => {
            drive(policy, n, seed, ops, true);
          },
        ),
        { numRuns: 120 },
      );
    });

    it(`${policy}: picks are deterministic for a seed`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 12 }),
          fc.nat(),
          fc.array(opArb, { maxLength: 80 }),
          (n, seed, ops) => {
            expect(drive(policy, n, seed, ops, false)).toEqual(drive(policy, n, seed, ops, false));
          },
        ),
        { numRuns: 60 },
      );
    });
  }
});
