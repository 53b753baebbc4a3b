/** Test helper: a closed-form fleet for driving deciders over hours of load (and a seeded random source). */
import type { Decider } from '../src/deciders/types.ts';
import { ConcurrencyWindows } from '../src/windows/concurrency-windows.ts';

export { seededRandom } from '../src/simulate/arrival-generator.ts';

export interface FleetRun {
  desired: number[];
  /** Direction changes of the order (up after down or down after up). */
  reversals: number;
  maxPods: number;
}

/**
 * Drives `decider` every `tickMs` for `durationMs`: total concurrency at time t is `concurrencyAt(t)`
 * (sampled every second into ConcurrencyWindows); ordered pods become ready after `startupMs`.
 */
export function driveFleet(args: {
  decider: Decider;
  concurrencyAt: (t: number) => number;
  durationMs: number;
  startupMs: number;
  initialPods: number;
  tickMs?: number;
}): FleetRun {
  const tick = args.tickMs ?? 2_000;
  const windows = new ConcurrencyWindows();
  let ready = args.initialPods;
  const pending: number[] = []; // ready-at times
  const desired: number[] = [];
  let lastDirection = 0;
  let reversals = 0;
  let maxPods = ready;
  for (let t = 0; t < args.durationMs; t += 1_000) {
    windows.record(t, args.concurrencyAt(t));
    while (pending.length > 0 && pending[0]! <= t) {
      pending.shift();
      ready++;
    }
    if (t % tick !== 0) continue;
    const avg = windows.averages(t);
    const current = ready + pending.length;
    const want = args.decider.decide({
      now: t,
      readyPods: ready,
      startingPods: pending.length,
      stableConcurrency: avg.stable,
      panicConcurrency: avg.panic,
    }).desiredPods;
    desired.push(want);
    if (want !== current) {
      const dir = Math.sign(want - current);
      if (lastDirection !== 0 && dir !== lastDirection) reversals++;
      lastDirection = dir;
    }
    for (let i = current; i < want; i++) pending.push(t + args.startupMs);
    // Scale-down removes starting pods first, then ready ones.
    for (let i = want; i < current; i++) {
      if (pending.length > 0) pending.pop();
      else ready--;
    }
    maxPods = Math.max(maxPods, ready + pending.length);
  }
  return { desired, reversals, maxPods };
}
