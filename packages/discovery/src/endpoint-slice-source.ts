import { EndpointSetEmitter } from './endpoint-set.ts';
import {
  type EndpointSliceWatcher,
  type EndpointSliceWatcherOptions,
  type WatcherStatus,
  watchEndpointSlices,
} from './endpoint-slice-watcher.ts';
import { endpointsFromSlices } from './endpoint-slices.ts';
import type { EndpointSource } from './types.ts';

export interface EndpointSliceSourceOptions extends EndpointSliceWatcherOptions {
  /** The Service port's name (EndpointSlice ports[].name). Omit for single-port Services. */
  portName?: string;
  scheme?: 'http' | 'https';
}

export interface EndpointSliceSource extends EndpointSource {
  /** Resolves once the first list is in (the set may legitimately be empty then). */
  synced(): Promise<void>;
  status(): WatcherStatus;
}

/**
 * Endpoints of a Kubernetes Service from its discovery.k8s.io/v1 EndpointSlices: ready addresses route,
 * serving-but-terminating ones drain (`terminating: true`), the rest are left out. Failures keep the last set.
 */
export function endpointSliceSource(options: EndpointSliceSourceOptions): EndpointSliceSource {
  const emitter = new EndpointSetEmitter();
  const selection = {
    ...(options.portName !== undefined ? { portName: options.portName } : {}),
    ...(options.scheme !== undefined ? { scheme: options.scheme } : {}),
  };
  const watcher: EndpointSliceWatcher = watchEndpointSlices(options);
  watcher.onChange((slices) => {
    emitter.set(endpointsFromSlices(slices, selection));
  });
  return {
    subscribe: (cb) => emitter.subscribe(cb),
    current: () => emitter.current(),
    synced: () => watcher.synced(),
    status: () => watcher.status(),
    close: async () => {
      emitter.clear();
      await watcher.close();
    },
  };
}
