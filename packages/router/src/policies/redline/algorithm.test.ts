import { describe, expect, it } from 'vitest';
import { fixture, pickHandle } from '../../../test/helpers.ts';
import type { PolicyName, RequestHandle } from '../../types.ts';

const costOf = (f: ReturnType<typeof fixture>, id: string) =>
  f.router.snapshot().find((s) => s.id === id)!.cost;

/** Route until a request lands on `id`, report its load, finish it; other picks are cancelled. */
function reportFrom(f: ReturnType<typeof fixture>, id: string, running: number, waiting: number, kv = 0.1) {
  for (let guard = 0; guard < 1000; guard++) {
    const h = pickHandle(f.router);
    if (h.endpoint.id !== id) {
      h.finish({ kind: 'failure', reason: 'cancelled' });
      continue;
    }
    h.reportLoad({ numRequestsRunning: running, numRequestsWaiting: waiting, kvCacheUsagePerc: kv });
    h.finish({ kind: 'failure', reason: 'cancelled' });
    return;
  }
  throw new Error(`never routed to ${id}`);
}

/** The pods picked for `n` requests, each cancelled at once (nothing stays in flight). */
function cancelledPicks(f: ReturnType<typeof fixture>, n: number): string[] {
  return Array.from({ length: n }, () => {
    const h = pickHandle(f.router);
    h.finish({ kind: 'failure', reason: 'cancelled' });
    return h.endpoint.id;
  });
}

/** Two pods p0, p1 whose requests take 400 ms (10 tokens, 40 ms a token), learned from 10 of them. */
function twoPodsOf400ms(batchSlots: number) {
  const f = fixture('redline', 2, { redline: { batchSlots } });
  for (let i = 0; i < 10; i++) {
    const h = pickHandle(f.router);
    h.firstToken();
    f.clock.advance(360);
    h.finish({ kind: 'success', outputTokens: 10 });
  }
  /** A request on `id` (the other pod excluded). */
  const on = (id: 'p0' | 'p1') => pickHandle(f.router, { exclude: new Set([id === 'p0' ? 'p1' : 'p0']) });
  return { f, on };
}

describe('redline cost', () => {
  it('prefers the pod whose report shows less load (other gateways’ traffic)', () => {
    const f = fixture('redline', 2);
    reportFrom(f, 'p0', 8, 40); // a full batch of 8 and 40 queued: 5 service times of waiting
    reportFrom(f, 'p1', 8, 0);
    expect(costOf(f, 'p0')).toBeGreaterThan(costOf(f, 'p1') * 4);
    for (let i = 0; i < 20; i++) expect(pickHandle(f.router).endpoint.id).toBe('p1');
  });

  it('lets a stale report decay toward the local estimate', () => {
    const f = fixture('redline', 2);
    reportFrom(f, 'p0', 8, 40);
    const fresh = costOf(f, 'p0');
    f.clock.advance(20_000); // forty report decay constants
    const stale = costOf(f, 'p0');
    expect(stale).toBeLessThan(fresh / 5);
    expect(stale).toBeCloseTo(costOf(f, 'p1'), 1);
  });

  it('trusts a report for about half a second: a second later, its deep queue is within the tie band', () => {
    // Older, the other gateways' sends and the completions have overtaken it (config.ts, reportDecayMs).
    const f = fixture('redline', 2);
    reportFrom(f, 'p0', 8, 40);
    reportFrom(f, 'p1', 8, 0);
    expect(costOf(f, 'p0')).toBeGreaterThan(costOf(f, 'p1') * 4);
    f.clock.advance(1_000); // weight e^(−2): 48 reported → 6.5, below the batch limit of 8
    expect(costOf(f, 'p0')).toBeLessThan(costOf(f, 'p1') * 1.1);
  });

  it('counts requests sent since the report on top of it', () => {
    const f = fixture('redline', 1);
    reportFrom(f, 'p0', 4, 2); // batch limit 4, 2 queued
    const before = costOf(f, 'p0');
    pickHandle(f.router);
    pickHandle(f.router);
    // The report counted our own request, since finished: load 5, so 2 would queue ahead of the next one
    // (1 + 2/4 + 0.1); two more sends make it 4 (1 + 4/4 + 0.1).
    expect(costOf(f, 'p0') / before).toBeCloseTo(2.1 / 1.6, 5);
  });

  it('penalises high KV-cache usage', () => {
    const f = fixture('redline', 2);
    reportFrom(f, 'p0', 10, 0, 0.99);
    reportFrom(f, 'p1', 10, 0, 0.2);
    expect(costOf(f, 'p0')).toBeGreaterThan(costOf(f, 'p1') * 2.5);
  });

  it('prefers the pod with the lower time per output token', () => {
    const f = fixture('redline', 2);
    const tpot: Record<string, number> = { p0: 40, p1: 10 };
    for (let i = 0; i < 40; i++) {
      const h = pickHandle(f.router);
      h.firstToken();
      f.clock.advance(tpot[h.endpoint.id]! * 9);
      h.finish({ kind: 'success', outputTokens: 10 });
    }
    expect(costOf(f, 'p0') / costOf(f, 'p1')).toBeGreaterThan(2);
  });

  /**
   * Share of 4,000 picks (one every `gapMs`, 50 ms each, 20 output tokens) that go to p0 of 4 pods, where
   * every `failEvery`-th request on p0 fails after `failMs` (outlier ejection off, to isolate the cost).
   */
  const shareToFailing = (policy: PolicyName, failEvery: number, failMs: number, gapMs = 1, slots = 0) => {
    const f = fixture(policy, 4, {
      outlier: { consecutiveFailures: 0, failurePercentageThreshold: 100 },
      redline: { batchSlots: slots },
    });
    const open: { h: RequestHandle; endsAt: number; ok: boolean }[] = [];
    let toBad = 0;
    for (let i = 0; i < 4_000; i++) {
      f.clock.advance(gapMs);
      for (let k = open.length - 1; k >= 0; k--) {
        const o = open[k]!;
        if (o.endsAt > f.clock.now()) continue;
        o.h.finish(o.ok ? { kind: 'success', outputTokens: 20 } : { kind: 'failure', reason: 'http-5xx' });
        open.splice(k, 1);
      }
      const h = pickHandle(f.router);
      const fails = h.endpoint.id === 'p0' && ++toBad % failEvery === 0;
      if (fails && failMs === 0) {
        h.finish({ kind: 'failure', reason: 'http-5xx' });
        continue;
      }
      if (!fails) h.firstToken();
      open.push({ h, endsAt: f.clock.now() + (fails ? failMs : 50), ok: !fails });
    }
    return toBad / 4_000;
  };

  it('does not let a pod that fails fast attract traffic (unlike least-request)', () => {
    const leastRequest = shareToFailing('least-request', 1, 0);
    expect(leastRequest).toBeGreaterThan(0.3); // the black hole: empty in-flight wins every draw
    expect(shareToFailing('redline', 1, 0)).toBeLessThan(0.1);
  });

  it('keeps a pod that fails a fifth of requests instantly near its share, but not one that fails slowly', () => {
    // Batches of 8, about 6 requests per pod: every pod can start a request at once, so only the error
    // factor tells them apart. An instant 503 is retried elsewhere in a few ms: p0's slots stay 80 % useful.
    const instant = shareToFailing('redline', 5, 0, 2, 8);
    expect(instant).toBeGreaterThan(0.22);
    // A failure that takes as long as a success wastes a whole request each time (1.25 attempts per
    // success): p0 is used only when the others fill up.
    const slow = shareToFailing('redline', 5, 50, 2, 8);
    expect(slow).toBeLessThan(0.15);
  });

  it('gives a pod that fails half its requests instantly no more than its share: its load counts arrivals', () => {
    // Its failed requests leave at once, so it always runs fewer than the others; compared on that, it would
    // win every load tie-break and take 32 % of the picks (each retried at the retry budget's expense).
    const half = shareToFailing('redline', 2, 0, 2, 8);
    expect(half).toBeLessThan(0.27);
    expect(half).toBeGreaterThan(0.18);
  });

  it('keeps a pod that fails half its requests out of retries, which weigh each failure as a whole request', () => {
    // As above, p0 fails every second request at once. Every 4th pick is also followed by a retry's pick
    // (p3 excluded, as if its first attempt had failed there), cancelled at once. First attempts keep p0 near
    // its share; a retry that landed there would fail half the time, one attempt closer to failing outright.
    const f = fixture('redline', 4, {
      outlier: { consecutiveFailures: 0, failurePercentageThreshold: 100 },
      redline: { batchSlots: 8 },
    });
    const open: { h: RequestHandle; endsAt: number }[] = [];
    const exclude = new Set(['p3']);
    let firstToBad = 0;
    let retries = 0;
    let retriesToBad = 0;
    for (let i = 0; i < 4_000; i++) {
      f.clock.advance(2);
      for (let k = open.length - 1; k >= 0; k--) {
        if (open[k]!.endsAt > f.clock.now()) continue;
        open[k]!.h.finish({ kind: 'success', outputTokens: 20 });
        open.splice(k, 1);
      }
      if (i % 4 === 0 && i >= 1_000) {
        const retry = pickHandle(f.router, { exclude });
        retries++;
        if (retry.endpoint.id === 'p0') retriesToBad++;
        retry.finish({ kind: 'failure', reason: 'cancelled' });
      }
      const h = pickHandle(f.router);
      if (h.endpoint.id === 'p0' && ++firstToBad % 2 === 0) {
        h.finish({ kind: 'failure', reason: 'http-5xx' });
        continue;
      }
      h.firstToken();
      open.push({ h, endsAt: f.clock.now() + 50 });
    }
    expect(firstToBad / 4_000).toBeGreaterThan(0.18);
    // Three pods are left to a retry: a third each would be 0.33 (0.37 with the first attempts' weight).
    expect(retriesToBad / retries).toBeLessThan(0.05);
  });

  it('sees no wait below the batch limit and a steep one above it (continuous batching)', () => {
    const f = fixture('redline', 3);
    reportFrom(f, 'p0', 8, 1); // learns the limit: 8
    reportFrom(f, 'p1', 7, 0); // 7 of 8 busy (ours included, then finished): starts at once
    reportFrom(f, 'p2', 1, 0); // idle once ours finished
    const idle = costOf(f, 'p2');
    expect(costOf(f, 'p1') / idle).toBeCloseTo(1 + (0.1 * 6) / 8, 5);
    expect(costOf(f, 'p0') / idle).toBeCloseTo(1 + 1 / 8 + 0.1, 5);
  });

  it('knows a batch it just filled has a whole service time to run, not half of one', () => {
    const { f, on } = twoPodsOf400ms(2);
    for (const h of [on('p0'), on('p0')]) h.firstToken();
    f.clock.advance(150); // p0's batch frees its first slot in 250 ms
    on('p1');
    on('p1'); // p1's batch was admitted just now: no first token yet, 400 ms to go
    // Taken as requests of unknown age, p1's pair would free a slot in 400 / 3 ms and win.
    expect(costOf(f, 'p1') / costOf(f, 'p0')).toBeCloseTo((1 + 1 + 0.1) / (1 + 0.625 + 0.1), 5);
    expect(pickHandle(f.router).endpoint.id).toBe('p0');
  });

  it('tells from each request’s hinted length which full pod frees a slot first', () => {
    // 2 pods of 2 slots, both full with requests that started decoding together; p0 was picked last, so
    // without lengths the two are alike and rotation takes p1. With them: p0's are 2 tokens long (80 ms),
    // p1's 20 (800 ms): p0 frees a slot 40 ms from now, p1 in 760.
    const run = (hinted: boolean) => {
      const { f } = twoPodsOf400ms(2);
      const on = (id: 'p0' | 'p1', tokens: number) =>
        pickHandle(f.router, {
          exclude: new Set([id === 'p0' ? 'p1' : 'p0']),
          outputTokensHint: hinted ? tokens : undefined,
        });
      const handles = [on('p1', 20), on('p1', 20), on('p0', 2), on('p0', 2)];
      for (const h of handles) h.firstToken();
      f.clock.advance(40);
      return pickHandle(f.router).endpoint.id;
    };
    expect(run(false)).toBe('p1');
    expect(run(true)).toBe('p0');
  });

  it('prefers a fast pod with a short queue to an idle pod three times slower', () => {
    const f = fixture('redline', 2);
    const tpot: Record<string, number> = { p0: 10, p1: 30 };
    for (let i = 0; i < 60; i++) {
      const h = pickHandle(f.router);
      h.firstToken();
      f.clock.advance(tpot[h.endpoint.id]! * 9);
      h.finish({ kind: 'success', outputTokens: 10 });
    }
    reportFrom(f, 'p0', 8, 3); // full batch plus 2 queued once ours finished; p1 is idle
    // A linear cost (tpot × (load + 1): 10 × 11 against ≈ 25 × 1) would pick the slow pod.
    expect(costOf(f, 'p1') / costOf(f, 'p0')).toBeGreaterThan(1.2);
    expect(pickHandle(f.router).endpoint.id).toBe('p0');
  });

  it('assumes the fleet’s batch limit for a pod that never queued, not the small batch it showed', () => {
    const f = fixture('redline', 2);
    reportFrom(f, 'p0', 16, 3); // the fleet's limit: 16
    reportFrom(f, 'p1', 2, 0); // only 2 running so far
    for (let i = 0; i < 8; i++) pickHandle(f.router); // whichever pods: p1 still has free slots
    expect(costOf(f, 'p1')).toBeLessThan(1.2);
  });

  it('looks past saturated draws for a pod with a free slot', () => {
    const free = (tuning: { choices: number; saturationProbes: number }) => {
      const f = fixture('redline', 8, { redline: tuning }, 7);
      for (let p = 0; p < 7; p++) reportFrom(f, `p${p}`, 8, 4);
      reportFrom(f, 'p7', 3, 0);
      let toFree = 0;
      for (let i = 0; i < 400; i++) {
        const h = pickHandle(f.router);
        if (h.endpoint.id === 'p7') toFree++;
        h.finish({ kind: 'failure', reason: 'cancelled' });
      }
      return toFree / 400;
    };
    const p2c = free({ choices: 2, saturationProbes: 0 });
    expect(p2c).toBeGreaterThan(0.15); // P(p7 among two distinct draws of 8) = 1/4
    expect(p2c).toBeLessThan(0.35);
    // Draws are distinct: 4 choices + 4 probes cover all 8 pods, so the free one is never missed (with
    // replacement, 8 draws would miss it a third of the time).
    expect(free({ choices: 4, saturationProbes: 4 })).toBe(1);
    // 4 distinct draws with no probes: P(p7 among them) = 4/8.
    const four = free({ choices: 4, saturationProbes: 0 });
    expect(four).toBeGreaterThan(0.4);
    expect(four).toBeLessThan(0.6);
  });

  it('rotates among equally loaded pods instead of picking them by chance', () => {
    const order = cancelledPicks(fixture('redline', 4), 200);
    // Idle pods tie on cost; the least recently picked of the drawn wins. By chance a pod would
    // follow itself about 50 times in 200 picks.
    const repeats = order.filter((id, i) => i > 0 && order[i - 1] === id).length;
    expect(repeats).toBe(0);
    for (const id of ['p0', 'p1', 'p2', 'p3']) {
      const count = order.filter((x) => x === id).length;
      expect(count).toBeGreaterThan(35);
      expect(count).toBeLessThan(65);
    }
  });

  it('scans a pool of up to choices + saturationProbes pods whole, so equal pods take exact turns', () => {
    // 8 pods = 4 choices + 4 probes: every pick sees them all, and the least recently picked of all of them
    // is round-robin's order. Of 4 random draws it would be one of the 4 oldest, not always the oldest.
    const outOfTurn = (pods: number) => {
      const order = cancelledPicks(fixture('redline', pods), 400);
      return order.filter((id, i) => i >= pods && order[i - pods] !== id).length;
    };
    expect(outOfTurn(8)).toBe(0);
    // A larger pool is still sampled: 9 pods are not taken in a fixed cycle.
    expect(outOfTurn(9)).toBeGreaterThan(50);
  });

  it('with the whole pool in view, keeps rotating between pods that would both queue about as long', () => {
    // 2 pods of 2 slots, each full: p0's batch frees a slot 20 ms sooner than p1's (costs 1.6 and 1.65 service
    // times, a tie). Taking the shorter wait would send the next request to p0, picked last; p1 is next in turn.
    const { f, on } = twoPodsOf400ms(2);
    for (const h of [on('p0'), on('p0')]) h.firstToken();
    f.clock.advance(20);
    for (const h of [on('p1'), on('p1')]) h.firstToken();
    on('p0').finish({ kind: 'failure', reason: 'cancelled' }); // p0 picked last
    f.clock.advance(180);
    expect(costOf(f, 'p1') / costOf(f, 'p0')).toBeGreaterThan(1);
    expect(costOf(f, 'p1') / costOf(f, 'p0')).toBeLessThan(1.1);
    expect(pickHandle(f.router).endpoint.id).toBe('p1');
  });

  it('with tieBreak spacing, spaces arrivals over pods that can all start at once instead of filling the emptiest', () => {
    const f = fixture('redline', 4, { redline: { batchSlots: 8, tieBreak: 'spacing' } });
    const held = Array.from({ length: 12 }, () => pickHandle(f.router)); // 3 on each pod
    for (const h of held.filter((h) => h.endpoint.id === 'p0'))
      h.finish({ kind: 'success', outputTokens: 4 });
    // p0 is now empty and the others run 3 of 8: all can start a request at once. Least-request and the
    // default tie-break send the next three to p0, stacking their prefills on one pod.
    const next = Array.from({ length: 3 }, () => pickHandle(f.router).endpoint.id);
    expect(new Set(next).size).toBe(3);
  });

  it('with the default tie-break, spaces arrivals over pods one request apart, but fills one two emptier', () => {
    const f = fixture('redline', 4, { redline: { batchSlots: 8 } });
    const held = Array.from({ length: 12 }, () => pickHandle(f.router)); // 3 on each pod
    // The pod picked last, so the last to get another pick on a tie of loads.
    const latest = held[11]!.endpoint.id;
    const onLatest = held.filter((h) => h.endpoint.id === latest);
    onLatest[0]!.finish({ kind: 'success', outputTokens: 4 });
    // It runs 2, the others 3: within the gap, so the least recently picked pod wins ('load' would take it).
    const next = pickHandle(f.router);
    expect(next.endpoint.id).not.toBe(latest);
    next.finish({ kind: 'failure', reason: 'cancelled' });
    onLatest[1]!.finish({ kind: 'success', outputTokens: 4 });
    onLatest[2]!.finish({ kind: 'success', outputTokens: 4 });
    // Now it is empty and the others run 3: the gap is reached, and it is filled to within one of them.
    const filled = Array.from({ length: 2 }, () => pickHandle(f.router).endpoint.id);
    expect(filled).toEqual([latest, latest]);
  });

  it("with tieBreak 'load', fills the emptiest of the pods that can start at once", () => {
    const f = fixture('redline', 4, { redline: { batchSlots: 8, tieBreak: 'load' } });
    const held = Array.from({ length: 12 }, () => pickHandle(f.router));
    for (const h of held.filter((h) => h.endpoint.id === 'p0'))
      h.finish({ kind: 'success', outputTokens: 4 });
    const next = Array.from({ length: 3 }, () => pickHandle(f.router).endpoint.id);
    expect(next).toEqual(['p0', 'p0', 'p0']);
  });

  it('routes a real vLLM fleet (no running count in its header) on local load, and a reported queue', () => {
    const f = fixture('redline', 2, { redline: { batchSlots: 8 } });
    const vllm = (id: string, waiting: number) => {
      for (let guard = 0; guard < 100; guard++) {
        const h = pickHandle(f.router);
        if (h.endpoint.id === id) {
          h.reportLoad({ numRequestsWaiting: waiting, kvCacheUsagePerc: 0.3 });
          h.finish({ kind: 'failure', reason: 'cancelled' });
          return;
        }
        h.finish({ kind: 'failure', reason: 'cancelled' });
      }
    };
    vllm('p0', 0);
    vllm('p1', 4); // a queue: the batch of 8 is full and 4 wait
    // p0: idle as far as we know; p1: 8 running + 4 waiting, ours among them and since finished → 11 held,
    // so 4 would queue ahead of the next request.
    expect(costOf(f, 'p1') / costOf(f, 'p0')).toBeCloseTo(1 + 4 / 8 + 0.1, 5);
    const held = Array.from({ length: 6 }, () => pickHandle(f.router));
    expect(held.every((h) => h.endpoint.id === 'p0')).toBe(true);
  });
});
