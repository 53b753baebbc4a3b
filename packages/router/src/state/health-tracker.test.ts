import { describe, expect, it } from 'vitest';
import { fixture, pickHandle, stateOf } from '../../test/helpers.ts';

describe('active and passive health', () => {
  it('is unhealthy after 3 failed checks and healthy again after 2 passes', () => {
    const f = fixture('random', 4);
    f.router.reportHealth('p2', false);
    f.router.reportHealth('p2', false);
    expect(stateOf(f.router, 'p2')).toBe('healthy');
    f.router.reportHealth('p2', false);
    expect(stateOf(f.router, 'p2')).toBe('unhealthy');
    f.router.reportHealth('p2', true);
    expect(stateOf(f.router, 'p2')).toBe('unhealthy');
    f.router.reportHealth('p2', true);
    expect(stateOf(f.router, 'p2')).toBe('healthy');
  });

  it('needs consecutive failures: a pass in between resets the count', () => {
    const f = fixture('random', 4);
    for (const ok of [false, false, true, false, false]) f.router.reportHealth('p1', ok);
    expect(stateOf(f.router, 'p1')).toBe('healthy');
  });

  it('counts passive connect failures as failed checks', () => {
    const f = fixture('round-robin', 4, { outlier: { consecutiveFailures: 0 } });
    let failures = 0;
    while (failures < 3) {
      const h = pickHandle(f.router);
      if (h.endpoint.id === 'p0') {
        h.finish({ kind: 'failure', reason: 'connect' });
        failures++;
      } else h.finish({ kind: 'success', outputTokens: 1 });
    }
    expect(stateOf(f.router, 'p0')).toBe('unhealthy');
  });

  it('ignores unknown ids', () => {
    const f = fixture('random', 1);
    f.router.reportHealth('nope', false);
    expect(f.router.snapshot()).toHaveLength(1);
  });
});
