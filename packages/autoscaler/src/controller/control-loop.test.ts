import { describe, expect, it } from 'vitest';
import type { DecideInput, Decider } from '../deciders/types.ts';
import type { ConcurrencyReader } from './concurrency-readers.ts';
import { ControlLoop, type ControlLoopDeps, clampReplicas } from './control-loop.ts';
import { ControllerMetrics } from './controller-metrics.ts';
import { captureLogger } from './test-logger.ts';

/** A decider that asks for ceil(stable / 10) pods and records what it was given. */
function perTenDecider(inputs: DecideInput[]): Decider {
  return {
    decide(input) {
      inputs.push(input);
      return { desiredPods: Math.ceil(input.stableConcurrency / 10), inPanic: input.panicConcurrency > 50 };
    },
  };
}

function harness(overrides: Partial<ControlLoopDeps> = {}, config: { dryRun?: boolean; max?: number } = {}) {
  let now = 1_000_000;
  let load = 40;
  let replicas = 2;
  let leader = true;
  let hpas: string[] = [];
  let hpaCalls = 0;
  const patches: number[] = [];
  const inputs: DecideInput[] = [];
  const { logger, lines } = captureLogger();
  const metrics = new ControllerMetrics('model');
  const reader: ConcurrencyReader = {
    read: async () => ({ total: load, perEndpoint: new Map([['p1', load]]), sources: 1, failedSources: 0 }),
  };
  const deps: ControlLoopDeps = {
    clock: { now: () => now },
    reader,
    podCounts: () => ({ ready: 2, starting: 1, terminating: 0 }),
    decider: perTenDecider(inputs),
    isLeader: () => leader,
    scale: {
      getReplicas: async () => replicas,
      setReplicas: async (n) => {
        patches.push(n);
        replicas = n;
        return n;
      },
    },
    conflictingHpas: async () => {
      hpaCalls++;
      return hpas;
    },
    metrics,
    logger,
    ...overrides,
  };
  const loop = new ControlLoop(deps, {
    minReplicas: 1,
    maxReplicas: config.max ?? 10,
    dryRun: config.dryRun ?? false,
  });
  return {
    loop,
    patches,
    inputs,
    lines,
    metrics,
    advance: (ms: number) => (now += ms),
    setLoad: (v: number) => (load = v),
    setLeader: (v: boolean) => (leader = v),
    setHpas: (v: string[]) => (hpas = v),
    hpaCalls: () => hpaCalls,
  };
}

describe('ControlLoop', () => {
  it('feeds window averages and pod counts to the decider and patches the difference', async () => {
    const h = harness();
    const report = await h.loop.tick();
    expect(h.inputs[0]).toMatchObject({
      readyPods: 2,
      startingPods: 1,
      stableConcurrency: 40,
      podsWithMetrics: 1,
    });
    expect(report).toMatchObject({ outcome: 'scaled', desiredPods: 4, currentReplicas: 2, direction: 'up' });
    expect(h.patches).toEqual([4]);
    h.advance(2000);
    expect((await h.loop.tick()).outcome).toBe('unchanged');
    expect(h.patches).toEqual([4]);
    const decisions = h.lines.filter((l) => l.msg === 'decision' || String(l.msg).startsWith('scaled'));
    expect(decisions[0]).toMatchObject({
      stableConcurrency: 40,
      readyPods: 2,
      desiredPods: 4,
      direction: 'up',
    });
    const text = await h.metrics.registry.metrics();
    expect(text).toMatch(/redline_autoscaler_decisions_total\{direction="up",deployment="model"\} 1/);
    expect(text).toMatch(/redline_autoscaler_desired_pods\{deployment="model"\} 4/);
  });

  it('neither samples nor decides before the EndpointSlice caches are synced', async () => {
    let synced = false;
    let reads = 0;
    const h = harness({
      inputsSynced: () => synced,
      reader: {
        read: async () => {
          reads++;
          return { total: 40, perEndpoint: new Map(), sources: 1, failedSources: 0 };
        },
      },
    });
    expect((await h.loop.tick()).outcome).toBe('not-synced');
    expect(reads).toBe(0);
    expect(h.inputs).toHaveLength(0);
    synced = true;
    expect((await h.loop.tick()).outcome).toBe('scaled');
  });

  it('counts ordered-but-pending pods as starting, and caps podsWithMetrics at the ready pods', async () => {
    const h = harness({
      reader: {
        read: async () => ({
          total: 40,
          perEndpoint: new Map([
            ['p1', 20],
            ['p2', 20],
            ['gone', 0],
          ]),
          sources: 1,
          failedSources: 0,
        }),
      },
      scale: { getReplicas: async () => 6, setReplicas: async (n) => n },
    });
    await h.loop.tick();
    expect(h.inputs[0]).toMatchObject({ readyPods: 2, startingPods: 4, podsWithMetrics: 2 });
  });

  it('clamps to min/max replicas', async () => {
    const h = harness({}, { max: 3 });
    h.setLoad(500);
    expect((await h.loop.tick()).desiredPods).toBe(3);
    expect(clampReplicas(0, 1, 5)).toBe(1);
    expect(clampReplicas(2.2, 0, 5)).toBe(3);
    expect(clampReplicas(Number.NaN, 0, 5)).toBe(5);
  });

  it('decides but does not act when not leading, or in dry-run', async () => {
    const standby = harness();
    standby.setLeader(false);
    expect((await standby.loop.tick()).outcome).toBe('not-leader');
    expect(standby.patches).toEqual([]);
    expect(standby.inputs).toHaveLength(1);

    const dry = harness({}, { dryRun: true });
    const report = await dry.loop.tick();
    expect(report).toMatchObject({ outcome: 'dry-run', desiredPods: 4, currentReplicas: 2 });
    expect(dry.patches).toEqual([]);
    expect(dry.lines.some((l) => l.outcome === 'dry-run' && l.desiredPods === 4)).toBe(true);
  });

  it('does not patch when the lease was lost while it read the scale', async () => {
    let calls = 0;
    const h = harness({ isLeader: () => calls++ === 0 });
    expect((await h.loop.tick()).outcome).toBe('not-leader');
    expect(h.patches).toEqual([]);
  });

  it('refuses to act while an HPA targets the Deployment, checking it at most every interval', async () => {
    const h = harness();
    h.setHpas(['model-hpa']);
    expect((await h.loop.tick()).outcome).toBe('hpa-conflict');
    expect(h.patches).toEqual([]);
    expect(h.lines.some((l) => l.level === 50 && String(l.msg).includes('model-hpa'))).toBe(true);
    expect(await h.metrics.registry.metrics()).toMatch(
      /redline_autoscaler_hpa_conflict\{deployment="model"\} 1/,
    );
    h.setHpas([]);
    h.advance(2000);
    expect((await h.loop.tick()).outcome).toBe('hpa-conflict'); // cached
    expect(h.hpaCalls()).toBe(1);
    h.advance(30_000);
    expect((await h.loop.tick()).outcome).toBe('scaled');
  });

  it('waits for data, and keeps deciding on the window when one read fails', async () => {
    let fail = true;
    const h = harness({
      reader: {
        read: async () => {
          if (fail) throw new Error('every gateway scrape failed');
          return { total: 30, perEndpoint: new Map(), sources: 2, failedSources: 0 };
        },
      },
    });
    expect((await h.loop.tick()).outcome).toBe('no-metrics');
    fail = false;
    h.advance(2000);
    expect((await h.loop.tick()).desiredPods).toBe(3);
    fail = true;
    h.advance(2000);
    const report = await h.loop.tick();
    expect(report.desiredPods).toBe(3);
    expect(h.inputs[1]?.podsWithMetrics).toBeUndefined();
    expect(await h.metrics.registry.metrics()).toMatch(
      /redline_autoscaler_scrape_errors_total\{deployment="model"\} 2/,
    );
  });
});
