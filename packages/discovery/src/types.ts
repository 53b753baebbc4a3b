import type { EndpointSpec } from '@redline/router';

export type { EndpointSpec };

/**
 * Where the gateway gets its upstream set from. Every source has this one shape so the gateway does not care
 * whether endpoints come from a flag, DNS or the Kubernetes API.
 */
export interface EndpointSource {
  /**
   * Calls `cb` right away with the current set, then again each time the set changes (never with an
   * unchanged set). Returns the unsubscribe function.
   */
  subscribe(cb: (endpoints: EndpointSpec[]) => void): () => void;
  /** The latest known set, sorted by id. Errors never empty it: the last good set is kept. */
  current(): EndpointSpec[];
  close(): Promise<void>;
}

/** Timer functions, injectable so tests can drive time. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
