import type { EndpointSpec } from '@redline/router';

/**
 * Where a pool learns its endpoints. Static configuration today; @redline/discovery provides DNS and
 * Kubernetes EndpointSlice sources with this same shape. `subscribe` calls back with the full current set
 * (immediately if known, then on every change) and returns an unsubscribe function.
 */
export interface EndpointSource {
  subscribe(onEndpoints: (endpoints: EndpointSpec[]) => void): () => void;
}

/** An endpoint's id is its host:port, stable across restarts of the same pod address. */
export function endpointFromUrl(url: string): EndpointSpec {
  const parsed = new URL(url);
  return { id: parsed.host, url: url.replace(/\/+$/, '') };
}

/** A fixed list of endpoint URLs (REDLINE_ENDPOINTS). */
export function staticEndpointSource(urls: readonly string[]): EndpointSource {
  const endpoints = urls.map(endpointFromUrl);
  return {
    subscribe(onEndpoints) {
      onEndpoints(endpoints.map((e) => ({ ...e })));
      return () => {};
    },
  };
}
