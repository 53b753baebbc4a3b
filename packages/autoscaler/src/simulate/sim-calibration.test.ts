import { describe, expect, it } from 'vitest';
import { REDLINE_TOKENS } from './arrival-generator.ts';
import { calibrateInSim } from './sim-calibration.ts';

describe('calibrateInSim', () => {
  const calibrate = (tokens?: Parameters<typeof calibrateInSim>[0]['tokens']) =>
    calibrateInSim({
      profile: 'l40s-llama3.2-3b',
      sloP99Ms: 1000,
      routerPolicy: 'redline',
      seed: 1,
      gateways: 1,
      pods: 4,
      seconds: 12,
      tokens,
    });

  it('measures the requests the comparison replays, and a longer answer shape lowers the target', () => {
    const replayed = calibrate();
    // One definition: the calibration reports the shape it measured, the one poissonArrivals draws from.
    expect(replayed.tokens).toBe(REDLINE_TOKENS);
    expect(replayed.targetRpsPerPod).toBeGreaterThan(0);
    // p99 follows the longest answers: answers of 60–80 tokens meet the SLO at a lower rate than 40–60.
    const longer = calibrate({
      input: REDLINE_TOKENS.input,
      output: { kind: 'uniform', min: 60, max: 80 },
    });
    expect(longer.targetRpsPerPod).toBeLessThan(replayed.targetRpsPerPod);
  }, 60_000);
});
