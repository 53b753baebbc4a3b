import {
  ApiException,
  AppsV1Api,
  CoordinationV1Api,
  DiscoveryV1Api,
  makeInformer,
  PatchStrategy,
  setHeaderOptions,
  type V1EndpointSlice,
  V1MicroTime,
  Watch,
} from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeApiServerHandle, startFakeApiServer } from './index.ts';
import { deployment, endpointSlice } from './test-objects.ts';

const SLICES = '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices';

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

interface WireEvent {
  type: string;
  object: {
    kind?: string;
    code?: number;
    reason?: string;
    metadata?: { name?: string; resourceVersion?: string };
  };
}

/** Opens a raw watch with client-node's Watch and collects its events until it ends. */
async function openWatch(fake: FakeApiServerHandle, query: Record<string, string>) {
  const events: WireEvent[] = [];
  let ended: { err: unknown } | undefined;
  const controller = await new Watch(fake.kubeConfig()).watch(
    SLICES,
    query,
    (type, object) => events.push({ type, object: object as WireEvent['object'] }),
    (err) => {
      ended = { err };
    },
  );
  return { events, ended: () => ended, abort: () => controller.abort() };
}

let fake: FakeApiServerHandle;
beforeEach(async () => {
  fake = await startFakeApiServer();
});
afterEach(async () => {
  await fake.close();
});

describe('list and get', () => {
  it('filters by the service-name label and reports the list resourceVersion', async () => {
    fake.store.put(endpointSlice('model-a', 'model', [{ ip: '10.0.0.1', ready: true }]));
    fake.store.put(endpointSlice('gw-a', 'gateway', [{ ip: '10.0.1.1', ready: true }]));
    const api = fake.kubeConfig().makeApiClient(DiscoveryV1Api);
    const list = await api.listNamespacedEndpointSlice({
      namespace: 'default',
      labelSelector: 'kubernetes.io/service-name=model',
    });
    expect(list.items.map((s) => s.metadata?.name)).toEqual(['model-a']);
    expect(list.items[0]?.endpoints[0]?.addresses).toEqual(['10.0.0.1']);
    expect(list.metadata?.resourceVersion).toBe(String(fake.store.resourceVersion()));
    expect(fake.requests({ verb: 'list', resource: 'endpointslices' })).toHaveLength(1);
    expect(fake.requests()[0]?.authorization).toBe('Bearer k8s-fake-token');
  });

  it('pages with limit and continue over a consistent snapshot', async () => {
    for (let i = 0; i < 5; i++) fake.store.put(endpointSlice(`s-${i}`, 'model', [{ ip: `10.0.0.${i}` }]));
    const api = fake.kubeConfig().makeApiClient(DiscoveryV1Api);
    const first = await api.listNamespacedEndpointSlice({ namespace: 'default', limit: 2 });
    fake.store.delete('endpointslices', 'default', 's-4');
    const names = first.items.map((s) => s.metadata?.name);
    let token = first.metadata?._continue;
    while (token) {
      const page = await api.listNamespacedEndpointSlice({
        namespace: 'default',
        limit: 2,
        _continue: token,
      });
      expect(page.metadata?.resourceVersion).toBe(first.metadata?.resourceVersion);
      names.push(...page.items.map((s) => s.metadata?.name));
      token = page.metadata?._continue;
    }
    expect(names).toEqual(['s-0', 's-1', 's-2', 's-3', 's-4']);
  });

  it('answers 404 NotFound with a Status body', async () => {
    const api = fake.kubeConfig().makeApiClient(CoordinationV1Api);
    const error = await api
      .readNamespacedLease({ name: 'nope', namespace: 'default' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiException);
    expect((error as ApiException<string>).code).toBe(404);
    expect(JSON.parse((error as ApiException<string>).body)).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
    });
  });
});

describe('leases and optimistic concurrency', () => {
  it('rejects an update carrying a stale resourceVersion with 409 Conflict', async () => {
    const api = fake.kubeConfig().makeApiClient(CoordinationV1Api);
    const created = await api.createNamespacedLease({
      namespace: 'default',
      body: {
        metadata: { name: 'leader' },
        spec: { holderIdentity: 'a', leaseDurationSeconds: 15, renewTime: new V1MicroTime() },
      },
    });
    const renewed = await api.replaceNamespacedLease({
      name: 'leader',
      namespace: 'default',
      body: { ...created, spec: { ...created.spec, renewTime: new V1MicroTime() } },
    });
    expect(Number(renewed.metadata?.resourceVersion)).toBeGreaterThan(
      Number(created.metadata?.resourceVersion),
    );
    const stale = await api
      .replaceNamespacedLease({
        name: 'leader',
        namespace: 'default',
        body: { ...created, spec: { ...created.spec, holderIdentity: 'b' } },
      })
      .catch((e: unknown) => e);
    expect((stale as ApiException<string>).code).toBe(409);
    expect(JSON.parse((stale as ApiException<string>).body).reason).toBe('Conflict');
    expect(fake.store.get('leases', 'default', 'leader')?.spec).toMatchObject({ holderIdentity: 'a' });
  });

  it('refuses a renewTime that is not a MicroTime, as the real server does', async () => {
    const api = fake.kubeConfig().makeApiClient(CoordinationV1Api);
    const error = await api
      .createNamespacedLease({
        namespace: 'default',
        // A plain Date serializes with milliseconds, which RFC3339Micro parsing rejects.
        body: { metadata: { name: 'bad' }, spec: { renewTime: new Date() as V1MicroTime } },
      })
      .catch((e: unknown) => e);
    expect((error as ApiException<string>).code).toBe(400);
  });
});

describe('deployment scale subresource', () => {
  it('reads and merge-patches spec.replicas through /scale', async () => {
    fake.store.put(deployment('model', 2));
    const api = fake.kubeConfig().makeApiClient(AppsV1Api);
    const scale = await api.readNamespacedDeploymentScale({ name: 'model', namespace: 'default' });
    expect(scale.spec?.replicas).toBe(2);
    expect(scale.status?.selector).toBe('app=model');
    const patched = await api.patchNamespacedDeploymentScale(
      { name: 'model', namespace: 'default', body: { spec: { replicas: 7 } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(patched.spec?.replicas).toBe(7);
    expect(fake.store.get('deployments', 'default', 'model')?.spec).toMatchObject({ replicas: 7 });
    expect(fake.requests({ verb: 'patch' })[0]?.contentType).toBe('application/merge-patch+json');
  });

  it('replaces the scale with a resourceVersion precondition and rejects negative replicas', async () => {
    fake.store.put(deployment('model', 2));
    const api = fake.kubeConfig().makeApiClient(AppsV1Api);
    const scale = await api.readNamespacedDeploymentScale({ name: 'model', namespace: 'default' });
    const replaced = await api.replaceNamespacedDeploymentScale({
      name: 'model',
      namespace: 'default',
      body: { ...scale, spec: { replicas: 4 } },
    });
    expect(replaced.spec?.replicas).toBe(4);
    const stale = await api
      .replaceNamespacedDeploymentScale({
        name: 'model',
        namespace: 'default',
        body: { ...scale, spec: { replicas: 9 } },
      })
      .catch((e: unknown) => e);
    expect((stale as ApiException<string>).code).toBe(409);
    const negative = await api
      .patchNamespacedDeploymentScale(
        { name: 'model', namespace: 'default', body: { spec: { replicas: -1 } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      )
      .catch((e: unknown) => e);
    expect((negative as ApiException<string>).code).toBe(422);
  });
});

describe('watch', () => {
  it('streams ADDED/MODIFIED/DELETED with selector transitions and bookmarks', async () => {
    fake.store.put(endpointSlice('a', 'model', [{ ip: '10.0.0.1' }]));
    const watch = await openWatch(fake, {
      labelSelector: 'kubernetes.io/service-name=model',
      allowWatchBookmarks: 'true',
    });
    await until(() => watch.events.length === 1);
    expect(watch.events[0]?.type).toBe('ADDED');
    fake.store.put(endpointSlice('a', 'model', [{ ip: '10.0.0.2' }]));
    fake.store.put(endpointSlice('b', 'other', [{ ip: '10.0.0.3' }]));
    fake.store.put(endpointSlice('a', 'other', [{ ip: '10.0.0.2' }]));
    fake.sendBookmarks();
    await until(() => watch.events.length === 4);
    expect(watch.events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK']);
    expect(watch.events[3]?.object.metadata?.resourceVersion).toBe(String(fake.store.resourceVersion()));
    watch.abort();
  });

  it('answers a watch from a compacted resourceVersion with an ERROR event carrying 410 Expired', async () => {
    fake.store.put(endpointSlice('a', 'model', [{ ip: '10.0.0.1' }]));
    const old = fake.store.resourceVersion();
    fake.store.put(endpointSlice('a', 'model', [{ ip: '10.0.0.2' }]));
    fake.store.compact();
    const watch = await openWatch(fake, { resourceVersion: String(old) });
    await until(() => watch.ended() !== undefined);
    expect(watch.events).toHaveLength(1);
    expect(watch.events[0]).toMatchObject({
      type: 'ERROR',
      object: { kind: 'Status', code: 410, reason: 'Expired' },
    });
  });

  it('replays history after a resourceVersion still inside the window', async () => {
    fake.store.put(endpointSlice('a', 'model', [{ ip: '10.0.0.1' }]));
    const from = fake.store.resourceVersion();
    fake.store.put(endpointSlice('b', 'model', [{ ip: '10.0.0.2' }]));
    fake.store.delete('endpointslices', 'default', 'a');
    const watch = await openWatch(fake, { resourceVersion: String(from) });
    await until(() => watch.events.length === 2);
    expect(watch.events.map((e) => `${e.type}:${e.object.metadata?.name}`)).toEqual(['ADDED:b', 'DELETED:a']);
    watch.abort();
  });
});

describe('informer (client-node ListWatch) against the fake', () => {
  it('relists after 410 Gone and converges on the server state', async () => {
    fake.store.put(endpointSlice('a', 'model', [{ ip: '10.0.0.1' }]));
    fake.store.put(endpointSlice('b', 'model', [{ ip: '10.0.0.2' }]));
    const kubeConfig = fake.kubeConfig();
    const api = kubeConfig.makeApiClient(DiscoveryV1Api);
    const selector = 'kubernetes.io/service-name=model';
    const informer = makeInformer<V1EndpointSlice>(
      kubeConfig,
      SLICES,
      () => api.listNamespacedEndpointSlice({ namespace: 'default', labelSelector: selector }),
      selector,
    );
    const errors: unknown[] = [];
    informer.on('error', (e) => errors.push(e));
    await informer.start();
    try {
      const names = () =>
        informer
          .list('default')
          .map((s) => s.metadata?.name)
          .sort();
      await until(() => names().length === 2);
      // Changes made while the watch is down, then history compacted: resuming must fail with 410.
      fake.breakWatches('end');
      fake.store.delete('endpointslices', 'default', 'a');
      fake.store.put(endpointSlice('c', 'model', [{ ip: '10.0.0.3' }]));
      fake.store.compact();
      await until(() => names().join() === 'b,c');
      expect(fake.requests({ verb: 'list', resource: 'endpointslices' }).length).toBe(2);
      expect(errors).toEqual([]);
    } finally {
      await informer.stop();
    }
  });

  it('re-watches from its last resourceVersion (no relist) after a clean end of stream', async () => {
    fake.store.put(endpointSlice('a', 'model', [{ ip: '10.0.0.1' }]));
    const kubeConfig = fake.kubeConfig();
    const api = kubeConfig.makeApiClient(DiscoveryV1Api);
    const informer = makeInformer<V1EndpointSlice>(kubeConfig, SLICES, () =>
      api.listNamespacedEndpointSlice({ namespace: 'default' }),
    );
    await informer.start();
    try {
      await until(() => fake.openWatchCount() === 1);
      const listedAt = fake.requests({ verb: 'watch' })[0]?.query.resourceVersion;
      fake.breakWatches('end');
      fake.store.put(endpointSlice('b', 'model', [{ ip: '10.0.0.2' }]));
      await until(() => informer.list('default').length === 2);
      const watches = fake.requests({ verb: 'watch' });
      expect(watches).toHaveLength(2);
      expect(watches[1]?.query.resourceVersion).toBe(listedAt);
      expect(fake.requests({ verb: 'list' })).toHaveLength(1);
    } finally {
      await informer.stop();
    }
  });

  it('surfaces an injected list failure as an informer error', async () => {
    fake.failNext({ verb: 'list', resource: 'endpointslices', status: 500 });
    const kubeConfig = fake.kubeConfig();
    const api = kubeConfig.makeApiClient(DiscoveryV1Api);
    const informer = makeInformer<V1EndpointSlice>(kubeConfig, SLICES, () =>
      api.listNamespacedEndpointSlice({ namespace: 'default' }),
    );
    const errors: unknown[] = [];
    informer.on('error', (e) => errors.push(e));
    await informer.start();
    await informer.stop();
    expect((errors[0] as ApiException<string>).code).toBe(500);
  });
});
