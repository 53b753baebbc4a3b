import type { FleetSignals } from '../state/fleet-signals.ts';
import type { PolicyName, RouterTuning } from '../types.ts';
import { LeastRequestPolicy, parseLeastRequestConfig } from './least-request/index.ts';
import { type PeakEwmaConfig, PeakEwmaPolicy, parsePeakEwmaConfig } from './peak-ewma/index.ts';
import type { Policy } from './policy.ts';
import { parseRandomConfig, RandomPolicy } from './random/index.ts';
import { parseRedlineConfig, type RedlineConfig, RedlinePolicy } from './redline/index.ts';
import { parseRoundRobinConfig, RoundRobinPolicy } from './round-robin/index.ts';

export type { Policy, SelectionContext } from './policy.ts';

export const POLICY_NAMES: readonly PolicyName[] = [
  'round-robin',
  'random',
  'least-request',
  'peak-ewma',
  'redline',
];

export function isPolicyName(value: string): value is PolicyName {
  return (POLICY_NAMES as readonly string[]).includes(value);
}

/** Parsed tuning of the signal-producing policies; signals are maintained whatever the active policy. */
export interface SignalConfigs {
  peakEwma: PeakEwmaConfig;
  redline: RedlineConfig;
}

export function parseSignalConfigs(tuning: RouterTuning): SignalConfigs {
  return { peakEwma: parsePeakEwmaConfig(tuning.peakEwma), redline: parseRedlineConfig(tuning.redline) };
}

export function createPolicy(
  name: PolicyName,
  tuning: RouterTuning,
  signals: SignalConfigs,
  fleet: FleetSignals,
): Policy {
  switch (name) {
    case 'round-robin':
      return new RoundRobinPolicy(parseRoundRobinConfig());
    case 'random':
      return new RandomPolicy(parseRandomConfig());
    case 'least-request':
      return new LeastRequestPolicy(parseLeastRequestConfig(tuning.leastRequest));
    case 'peak-ewma':
      return new PeakEwmaPolicy(signals.peakEwma);
    case 'redline':
      return new RedlinePolicy(signals.redline, fleet);
  }
}
