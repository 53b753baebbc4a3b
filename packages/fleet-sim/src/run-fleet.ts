/**
 * runFleet: the programmatic entry point (stable API, see types.ts).
 */
import { FleetSimulation } from './sim/fleet-simulation.ts';
import type { FleetResult, RunFleetOptions } from './types.ts';

export interface RunFleetExtras {
  /** Requests arriving before this time are excluded from latency statistics (default 0). */
  warmupMs?: number;
  /** After the last arrival, stop after this long; unfinished requests count as timeouts (default 120 s). */
  drainLimitMs?: number;
}

export function runFleet(options: RunFleetOptions & RunFleetExtras): FleetResult {
  const sim = new FleetSimulation(options, {
    warmupMs: options.warmupMs ?? 0,
    drainLimitMs: options.drainLimitMs ?? 120_000,
  });
  return sim.run();
}
