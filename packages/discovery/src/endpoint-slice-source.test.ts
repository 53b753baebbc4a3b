import { endpointSlice, type FakeApiServerHandle, startFakeApiServer } from '@redline/k8s-fake';
import type { EndpointSpec } from '@redline/router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EndpointSliceSource, endpointSliceSource } from './endpoint-slice-source.ts';
import { waitFor } from './wait-for.ts';

type Address = { ip: string; ready?: boolean; serving?: boolean; terminating?: boolean };

let fake: FakeApiServerHandle;
let source: EndpointSliceSource | undefined;
let emissions: EndpointSpec[][];

beforeEach(async () => {
  fake = await startFakeApiServer();
  emissions = [];
});
afterEach(async () => {
  await source?.close();
  source = undefined;
  await fake.close();
});

function put(name: string, addresses: Address[], service = 'model'): void {
  fake.store.put(endpointSlice(name, service, addresses));
}

async function start(extra: { backoffMs?: number } = {}): Promise<EndpointSliceSource> {
  source = endpointSliceSource({
    kubeConfig: fake.kubeConfig(),
    namespace: 'default',
    service: 'model',
    portName: 'http',
    backoff: { initialMs: extra.backoffMs ?? 20, maxMs: 200, jitter: 0.2 },
  });
  source.subscribe((endpoints) => emissions.push(endpoints));
  await source.synced();
  return source;
}

const ids = (s: EndpointSliceSource) => s.current().map((e) => (e.terminating ? `${e.id}(t)` : e.id));
const waitIds = (s: EndpointSliceSource, expected: string[], what = expected.join()) =>
  waitFor(() => ids(s).join() === expected.join(), 5000, what);

describe('endpointSliceSource against the fake API server (real client-node informer)', () => {
  it('follows slices added, updated, split, merged and removed, and ignores other services', async () => {
    put('model-a', [{ ip: '10.0.0.1', ready: true }]);
    put('gw-a', [{ ip: '10.9.0.1', ready: true }], 'gateway');
    const s = await start();
    expect(ids(s)).toEqual(['10.0.0.1:8000']);

    put('model-a', [
      { ip: '10.0.0.1', ready: true },
      { ip: '10.0.0.2', ready: true },
      { ip: '10.0.0.3', ready: true },
    ]);
    await waitIds(s, ['10.0.0.1:8000', '10.0.0.2:8000', '10.0.0.3:8000'], 'update');

    // Split: the controller writes a second slice, then trims the first. The set never changes.
    const before = emissions.length;
    put('model-b', [{ ip: '10.0.0.3', ready: true }]);
    put('model-a', [
      { ip: '10.0.0.1', ready: true },
      { ip: '10.0.0.2', ready: true },
    ]);
    // A marker change after the split: exactly one emission (the marker), none for the split itself.
    put('model-b', [
      { ip: '10.0.0.3', ready: true },
      { ip: '10.0.0.4', ready: true },
    ]);
    await waitIds(s, ['10.0.0.1:8000', '10.0.0.2:8000', '10.0.0.3:8000', '10.0.0.4:8000'], 'marker');
    expect(emissions.length).toBe(before + 1);

    // Merge back into one slice, then the other slice goes away.
    put('model-a', [
      { ip: '10.0.0.1', ready: true },
      { ip: '10.0.0.2', ready: true },
      { ip: '10.0.0.3', ready: true },
      { ip: '10.0.0.4', ready: true },
      { ip: '10.0.0.5', ready: true },
    ]);
    fake.store.delete('endpointslices', 'default', 'model-b');
    await waitIds(
      s,
      ['10.0.0.1:8000', '10.0.0.2:8000', '10.0.0.3:8000', '10.0.0.4:8000', '10.0.0.5:8000'],
      'merge',
    );

    fake.store.delete('endpointslices', 'default', 'model-a');
    await waitIds(s, [], 'removal');
    // Each emission differs from the previous one: emits only on change.
    for (let i = 1; i < emissions.length; i++) expect(emissions[i]).not.toEqual(emissions[i - 1]);
  });

  it('moves an endpoint from ready to terminating (draining) to gone', async () => {
    put('model-a', [
      { ip: '10.0.0.1', ready: true },
      { ip: '10.0.0.2', ready: true },
    ]);
    const s = await start();
    put('model-a', [
      { ip: '10.0.0.1', ready: true },
      { ip: '10.0.0.2', ready: false, serving: true, terminating: true },
    ]);
    await waitIds(s, ['10.0.0.1:8000', '10.0.0.2:8000(t)']);
    put('model-a', [
      { ip: '10.0.0.1', ready: true },
      { ip: '10.0.0.2', ready: false, serving: false, terminating: true },
    ]);
    await waitIds(s, ['10.0.0.1:8000']);
    // A starting (not ready) pod stays out; the ready marker proves the update was seen.
    put('model-a', [{ ip: '10.0.0.1', ready: true }, { ip: '10.0.0.3', ready: false }, { ip: '10.0.0.5' }]);
    await waitIds(s, ['10.0.0.1:8000', '10.0.0.5:8000']);
  });

  it('de-duplicates an address present in two slices, preferring the ready view', async () => {
    put('model-a', [{ ip: '10.0.0.1', ready: false, serving: true, terminating: true }]);
    put('model-b', [{ ip: '10.0.0.1', ready: true }]);
    const s = await start();
    expect(s.current()).toEqual([{ id: '10.0.0.1:8000', url: 'http://10.0.0.1:8000' }]);
    fake.store.delete('endpointslices', 'default', 'model-b');
    await waitIds(s, ['10.0.0.1:8000(t)']);
  });

  it('relists after 410 Gone and reports deletions that happened while disconnected', async () => {
    put('model-a', [{ ip: '10.0.0.1', ready: true }]);
    put('model-b', [{ ip: '10.0.0.2', ready: true }]);
    const s = await start();
    await waitFor(() => fake.openWatchCount() === 1, 5000, 'watch open');
    fake.breakWatches('end');
    fake.store.delete('endpointslices', 'default', 'model-a');
    put('model-c', [{ ip: '10.0.0.3', ready: true }]);
    fake.store.compact();
    await waitIds(s, ['10.0.0.2:8000', '10.0.0.3:8000'], 'relisted set');
    expect(fake.requests({ verb: 'list', resource: 'endpointslices' })).toHaveLength(2);
    expect(s.status().restarts).toBe(0);
  });

  it('relists when the watch request itself is answered 410 Gone', async () => {
    put('model-a', [{ ip: '10.0.0.1', ready: true }]);
    const s = await start();
    await waitFor(() => fake.openWatchCount() === 1, 5000, 'watch open');
    fake.failNext({ verb: 'watch', status: 410 });
    fake.breakWatches('end');
    put('model-b', [{ ip: '10.0.0.2', ready: true }]);
    await waitIds(s, ['10.0.0.1:8000', '10.0.0.2:8000'], 'set after relist');
    expect(fake.requests({ verb: 'list', resource: 'endpointslices' })).toHaveLength(2);
    expect(s.status().restarts).toBe(0);
  });

  it('keeps the last set through API errors, backs off, and recovers', async () => {
    put('model-a', [{ ip: '10.0.0.1', ready: true }]);
    const s = await start({ backoffMs: 30 });
    await waitFor(() => fake.openWatchCount() === 1, 5000, 'watch open');
    // The watch drops, the relist then fails three times in a row (500, 503, 500).
    fake.failNext({ verb: 'watch', status: 500 });
    fake.failNext({ verb: 'list', resource: 'endpointslices', status: 500, times: 3 });
    fake.breakWatches('destroy');
    fake.store.compact();
    put('model-a', [
      { ip: '10.0.0.1', ready: true },
      { ip: '10.0.0.2', ready: true },
    ]);
    fake.store.compact();
    await waitFor(() => s.status().consecutiveFailures >= 2, 5000, 'failures');
    expect(ids(s)).toEqual(['10.0.0.1:8000']);
    await waitIds(s, ['10.0.0.1:8000', '10.0.0.2:8000'], 'recovered set');
    const status = s.status();
    expect(status.restarts).toBeGreaterThanOrEqual(3);
    expect(status.consecutiveFailures).toBe(0);
    expect(status.lastError).toMatch(/500/);
    // Restarts were spaced by growing delays, not a hot loop.
    const lists = fake.requests({ verb: 'list', resource: 'endpointslices' }).length;
    expect(lists).toBeLessThanOrEqual(6);
  });

  it('never shows an empty set to a consumer reading while slices churn with a ready endpoint', async () => {
    put('model-a', [{ ip: '10.0.0.1', ready: true }]);
    const s = await start();
    let reads = 0;
    let emptyReads = 0;
    let stop = false;
    const consumer = (async () => {
      while (!stop) {
        const picked = s.current().filter((e) => !e.terminating);
        reads++;
        if (picked.length === 0) emptyReads++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    // Rolling replacement: each step keeps at least one ready endpoint on the server.
    for (let i = 2; i < 30; i++) {
      const next = `10.0.0.${i}`;
      const prev = `10.0.0.${i - 1}`;
      put(`model-${i % 2 === 0 ? 'b' : 'a'}`, [{ ip: next, ready: true }]);
      put(`model-${i % 2 === 0 ? 'a' : 'b'}`, [{ ip: prev, ready: false, serving: true, terminating: true }]);
      await new Promise((r) => setTimeout(r, 3));
    }
    await waitIds(s, ['10.0.0.28:8000(t)', '10.0.0.29:8000']);
    stop = true;
    await consumer;
    expect(reads).toBeGreaterThan(20);
    expect(emptyReads).toBe(0);
  });
});
