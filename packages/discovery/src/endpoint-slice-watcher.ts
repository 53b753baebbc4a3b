import {
  DiscoveryV1Api,
  type Informer,
  type KubeConfig,
  makeInformer,
  type ObjectCache,
  type V1EndpointSlice,
  type V1EndpointSliceList,
} from '@kubernetes/client-node';
import { Backoff, type BackoffOptions } from './backoff.ts';
import { realTimers, type Timers } from './types.ts';

export interface EndpointSliceWatcherOptions {
  kubeConfig: KubeConfig;
  namespace: string;
  /** Service name; slices are selected by the label kubernetes.io/service-name=<service>. */
  service: string;
  backoff?: BackoffOptions;
  timers?: Timers;
  /** Wall or monotonic clock for status timestamps (ms). */
  clock?: { now(): number };
  /** Told about every informer failure and the delay before the restart. */
  onError?: (error: unknown, retryInMs: number) => void;
}

export interface WatcherStatus {
  /** A list has succeeded at least once. */
  synced: boolean;
  /** Restarts after errors so far (410 relists are not errors: the informer handles them itself). */
  restarts: number;
  consecutiveFailures: number;
  lastError?: string;
  lastSyncAt?: number;
}

export interface EndpointSliceWatcher {
  /** The informer's cache: the last known slices, kept across errors. */
  slices(): V1EndpointSlice[];
  /** Called (coalesced per batch of informer events) whenever the cached slices may have changed. */
  onChange(cb: (slices: V1EndpointSlice[]) => void): () => void;
  /** Resolves after the first successful list has been applied to the cache. */
  synced(): Promise<void>;
  status(): WatcherStatus;
  close(): Promise<void>;
}

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** AbortErrors come from our own stop(); they are not failures of the API server. */
function isAbort(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'AbortError';
}

function describe(error: unknown): string {
  const code =
    (error as { code?: unknown; statusCode?: unknown }).code ??
    (error as { statusCode?: unknown }).statusCode;
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return code !== undefined ? `${String(code)}: ${message}` : (message ?? 'unknown error');
}

/**
 * Keeps an up-to-date cache of one Service's EndpointSlices with client-node's informer (list + watch).
 * The informer relists by itself on 410 Gone; on any other failure it stops, and this restarts it with
 * exponential backoff and jitter. The same informer object is restarted so its cache (the last known set)
 * survives, and its relist diff reports the deletions that happened while it was down.
 */
export function watchEndpointSlices(options: EndpointSliceWatcherOptions): EndpointSliceWatcher {
  const timers = options.timers ?? realTimers;
  const clock = options.clock ?? { now: () => Date.now() };
  const backoff = new Backoff(options.backoff);
  const api = options.kubeConfig.makeApiClient(DiscoveryV1Api);
  const labelSelector = `${SERVICE_NAME_LABEL}=${options.service}`;
  const path = `/apis/discovery.k8s.io/v1/namespaces/${encodeURIComponent(options.namespace)}/endpointslices`;
  const listeners = new Set<(slices: V1EndpointSlice[]) => void>();
  const status: WatcherStatus = { synced: false, restarts: 0, consecutiveFailures: 0 };
  let closed = false;
  let restartTimer: unknown;
  let changePending = false;
  let resolveSynced: () => void = () => {};
  const syncedPromise = new Promise<void>((resolve) => {
    resolveSynced = resolve;
  });

  const slices = (): V1EndpointSlice[] => [...informer.list(options.namespace)];

  function emitChange(): void {
    changePending = false;
    if (closed) return;
    const current = slices();
    for (const listener of [...listeners]) listener(current);
  }

  /** A relist fires one callback per object synchronously; coalesce them into one change. */
  function scheduleChange(): void {
    if (changePending) return;
    changePending = true;
    queueMicrotask(emitChange);
  }

  async function list(): Promise<V1EndpointSliceList> {
    const result = await api.listNamespacedEndpointSlice({ namespace: options.namespace, labelSelector });
    backoff.reset();
    status.consecutiveFailures = 0;
    status.synced = true;
    status.lastSyncAt = clock.now();
    // The informer applies the list to its cache right after this resolves; announce once that is done
    // (also covers an empty list, which fires no add/delete callback).
    setImmediate(() => {
      scheduleChange();
      resolveSynced();
    });
    return result;
  }

  const informer: Informer<V1EndpointSlice> & ObjectCache<V1EndpointSlice> = makeInformer<V1EndpointSlice>(
    options.kubeConfig,
    path,
    list,
    labelSelector,
  );
  informer.on('add', scheduleChange);
  informer.on('update', scheduleChange);
  informer.on('delete', scheduleChange);
  informer.on('error', handleError);

  function handleError(error: unknown): void {
    if (closed || isAbort(error) || restartTimer !== undefined) return;
    const delay = backoff.next();
    status.consecutiveFailures = backoff.consecutiveFailures;
    status.lastError = describe(error);
    options.onError?.(error, delay);
    restartTimer = timers.setTimeout(() => {
      restartTimer = undefined;
      if (closed) return;
      status.restarts += 1;
      start();
    }, delay);
  }

  function start(): void {
    // start() only rejects on configuration errors (no current cluster); retry those like any failure.
    informer.start().catch(handleError);
  }

  start();

  return {
    slices,
    onChange(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    synced: () => syncedPromise,
    status: () => ({ ...status }),
    close: async () => {
      if (closed) return;
      closed = true;
      timers.clearTimeout(restartTimer);
      listeners.clear();
      await informer.stop();
    },
  };
}
