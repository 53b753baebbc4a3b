import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { resolveRolloutSettings, rolloutEnvShape, rolloutOptionsFromEnv } from './rollout-settings.ts';

const parseEnv = (env: Record<string, string>) => z.object(rolloutEnvShape).parse(env);

describe('rollout settings', () => {
  it('has documented defaults', () => {
    expect(resolveRolloutSettings()).toEqual({
      shadow: { sampleRate: 0.05, maxConcurrent: 16, deadlineMs: 5000 },
      canary: { maxErrorRate: 0.01, maxP99Ms: 1000, windowMs: 60_000, minRequests: 100 },
      canarySteps: [5, 25, 50],
      refreshMs: 2000,
    });
  });

  it('reads the environment, keeping defaults for what is unset', () => {
    const options = rolloutOptionsFromEnv(
      parseEnv({
        REDLINE_SHADOW_SAMPLE_RATE: '0.2',
        REDLINE_CANARY_STEPS: '1, 10,50',
        REDLINE_CANARY_MAX_P99_MS: '800',
      }),
    );
    const settings = resolveRolloutSettings(options);
    expect(settings.shadow).toEqual({ sampleRate: 0.2, maxConcurrent: 16, deadlineMs: 5000 });
    expect(settings.canary).toMatchObject({ maxP99Ms: 800, maxErrorRate: 0.01 });
    expect(settings.canarySteps).toEqual([1, 10, 50]);
  });

  it('refuses nonsense with the field named', () => {
    expect(() => parseEnv({ REDLINE_CANARY_STEPS: '5;25' })).toThrow(/comma-separated/);
    expect(() => parseEnv({ REDLINE_SHADOW_SAMPLE_RATE: '2' })).toThrow();
    expect(() => resolveRolloutSettings({ canarySteps: [25, 5] })).toThrow(/canary steps must increase/);
    expect(() => resolveRolloutSettings({ canarySteps: [5, 100] })).toThrow();
  });
});
