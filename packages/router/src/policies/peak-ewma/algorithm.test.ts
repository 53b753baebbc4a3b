import { describe, expect, it } from 'vitest';
import { countPicks, fixture, pickHandle } from '../../../test/helpers.ts';

const costOf = (f: ReturnType<typeof fixture>, id: string) =>
  f.router.snapshot().find((s) => s.id === id)!.cost;

describe('peak-ewma', () => {
  it('uses the default RTT (30 ms) before any sample', () => {
    const f = fixture('peak-ewma', 2);
    expect(costOf(f, 'p0')).toBe(30);
  });

  it('jumps to a latency peak at once and recovers slowly', () => {
    const f = fixture('peak-ewma', 1);
    const fast = pickHandle(f.router);
    f.clock.advance(10);
    fast.finish({ kind: 'success', outputTokens: 5 });
    expect(costOf(f, 'p0')).toBeCloseTo(10, 5);
    const slow = pickHandle(f.router);
    f.clock.advance(500);
    slow.finish({ kind: 'success', outputTokens: 5 });
    expect(costOf(f, 'p0')).toBeCloseTo(500, 5); // peak replaces the estimate
    const again = pickHandle(f.router);
    f.clock.advance(10);
    again.finish({ kind: 'success', outputTokens: 5 });
    // A fast sample 10 ms later barely moves it (weight 1 − e^(−10/10000)); decay on read is tiny too.
    expect(costOf(f, 'p0')).toBeGreaterThan(480);
    f.clock.advance(30_000); // three decay constants without samples: decays toward zero
    expect(costOf(f, 'p0')).toBeLessThan(30);
  });

  it('sends most traffic to the faster endpoint', () => {
    const f = fixture('peak-ewma', 2);
    const latency: Record<string, number> = { p0: 20, p1: 200 };
    const counts = new Map<string, number>();
    for (let i = 0; i < 500; i++) {
      const h = pickHandle(f.router);
      counts.set(h.endpoint.id, (counts.get(h.endpoint.id) ?? 0) + 1);
      f.clock.advance(latency[h.endpoint.id]!);
      h.finish({ kind: 'success', outputTokens: 5 });
    }
    expect(counts.get('p0')!).toBeGreaterThan(450);
  });

  it('scales the estimate by in-flight + 1', () => {
    const f = fixture('peak-ewma', 1);
    pickHandle(f.router);
    pickHandle(f.router);
    expect(costOf(f, 'p0')).toBe(30 * 3);
    expect(countPicks(f.router, 1).get('p0')).toBe(1);
  });
});
