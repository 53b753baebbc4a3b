import type { KubeConfig } from '@kubernetes/client-node';
import type { FaultSpec, RecordedRequest } from './faults.ts';
import { kubeConfigFor } from './kube-config.ts';
import { FakeApiServer, type FakeApiServerOptions } from './server.ts';
import type { KubeObject } from './store.ts';

export type { FaultSpec, RecordedRequest, RequestVerb } from './faults.ts';
export { kubeConfigFor } from './kube-config.ts';
export { RESOURCE_TYPES, type ResourceType } from './resources.ts';
export type { FakeApiServerOptions } from './server.ts';
export type { KubeStatus } from './status.ts';
export { ApiStatusError, type KubeObject, type ObjectMeta, ObjectStore } from './store.ts';

/** Direct access to the fake's objects, bypassing HTTP (changes still reach open watches). */
export interface FakeStore {
  /** Create or unconditionally replace an object (typed by apiVersion + kind); returns it as stored. */
  put(object: KubeObject): KubeObject;
  /** Alias of put, for readability in tests that "apply" manifests. */
  apply(object: KubeObject): KubeObject;
  get(resource: string, namespace: string, name: string): KubeObject | undefined;
  list(resource: string, namespace?: string): KubeObject[];
  delete(resource: string, namespace: string, name: string): KubeObject;
  /** Forget the watch history: watches from any older resourceVersion now get ERROR 410 Expired. */
  compact(): void;
  resourceVersion(): number;
}

export interface FakeApiServerHandle {
  url: string;
  kubeConfig(namespace?: string): KubeConfig;
  store: FakeStore;
  /** Ends every open watch ('destroy': connection reset, default; 'end': clean end of stream). */
  breakWatches(mode?: 'destroy' | 'end'): number;
  /** The next matching request(s) fail with a Status of this HTTP code (default 500, once). */
  failNext(spec?: FaultSpec): void;
  clearFaults(): void;
  /** Requests received so far, optionally filtered (e.g. { verb: 'list', resource: 'endpointslices' }). */
  requests(filter?: Partial<Pick<RecordedRequest, 'verb' | 'resource' | 'method'>>): RecordedRequest[];
  openWatchCount(): number;
  /** Sends a BOOKMARK on every open watch that asked for them (allowWatchBookmarks=true). */
  sendBookmarks(): void;
  close(): Promise<void>;
}

/** Starts a fake API server on 127.0.0.1 with an ephemeral port. Always close() it. */
export async function startFakeApiServer(options: FakeApiServerOptions = {}): Promise<FakeApiServerHandle> {
  const server = new FakeApiServer(options);
  await server.listen();
  const store = server.store;
  return {
    url: server.url,
    kubeConfig: (namespace) => kubeConfigFor(server.url, namespace),
    store: {
      put: (object) => store.put(object),
      apply: (object) => store.put(object),
      get: (resource, namespace, name) => store.get(resource, namespace, name),
      list: (resource, namespace) => store.list(resource, namespace),
      delete: (resource, namespace, name) => store.delete(resource, namespace, name),
      compact: () => store.compact(),
      resourceVersion: () => store.resourceVersion(),
    },
    breakWatches: (mode) => server.breakWatches(mode),
    failNext: (spec) => server.failNext(spec),
    clearFaults: () => server.clearFaults(),
    requests: (filter) => server.requests(filter),
    openWatchCount: () => server.openWatchCount(),
    sendBookmarks: () => server.sendBookmarks(),
    close: () => server.close(),
  };
}
export { deployment, endpointSlice } from './test-objects.ts';
