import { promises as dns } from 'node:dns';
import { EndpointSetEmitter } from './endpoint-set.ts';
import { type EndpointSource, type EndpointSpec, realTimers, type Timers } from './types.ts';

/** The subset of node:dns/promises the source uses; injected in tests. */
export interface DnsResolver {
  resolve4(hostname: string): Promise<string[]>;
  resolve6(hostname: string): Promise<string[]>;
}

export interface DnsSourceOptions {
  /** A headless Service name, e.g. "model.redline.svc.cluster.local": one A/AAAA record per ready pod. */
  hostname: string;
  port: number;
  scheme?: 'http' | 'https';
  /** Re-resolution period. */
  intervalMs: number;
  /** 'ipv4' (A, default), 'ipv6' (AAAA) or 'dual' (both). */
  family?: 'ipv4' | 'ipv6' | 'dual';
  resolver?: DnsResolver;
  timers?: Timers;
  /** Told about every failed resolution; the last good set is kept meanwhile. */
  onError?: (error: unknown) => void;
}

export interface DnsSource extends EndpointSource {
  /** Resolves now (also what the timer does); resolves once the set is updated or the error reported. */
  refresh(): Promise<void>;
}

/** DNS answers "no such records" with these codes; in dual mode one empty family is not a failure. */
const NO_RECORDS = new Set(['ENODATA', 'ENOTFOUND']);

function endpointFor(address: string, port: number, scheme: string): EndpointSpec {
  const host = address.includes(':') ? `[${address}]` : address;
  return { id: `${host}:${port}`, url: `${scheme}://${host}:${port}` };
}

/**
 * Periodically re-resolves a headless Service. Emits only on change; on errors keeps serving the last good
 * set, because an unreachable resolver says nothing about whether the pods are gone.
 */
export function dnsSource(options: DnsSourceOptions): DnsSource {
  if (!(options.intervalMs > 0)) throw new RangeError('dnsSource: intervalMs must be > 0');
  const resolver = options.resolver ?? dns;
  const timers = options.timers ?? realTimers;
  const scheme = options.scheme ?? 'http';
  const family = options.family ?? 'ipv4';
  const emitter = new EndpointSetEmitter(options.onError);
  let timer: unknown;
  let closed = false;
  let inFlight: Promise<void> | undefined;

  async function lookup(): Promise<string[]> {
    if (family === 'ipv4') return resolver.resolve4(options.hostname);
    if (family === 'ipv6') return resolver.resolve6(options.hostname);
    const results = await Promise.allSettled([
      resolver.resolve4(options.hostname),
      resolver.resolve6(options.hostname),
    ]);
    const addresses: string[] = [];
    const failures: unknown[] = [];
    for (const result of results) {
      if (result.status === 'fulfilled') addresses.push(...result.value);
      else if (!NO_RECORDS.has((result.reason as { code?: string }).code ?? '')) failures.push(result.reason);
    }
    if (failures.length > 0 || (addresses.length === 0 && results.every((r) => r.status === 'rejected'))) {
      throw failures[0] ?? (results[0] as PromiseRejectedResult).reason;
    }
    return addresses;
  }

  async function resolveOnce(): Promise<void> {
    try {
      const addresses = await lookup();
      if (!closed) emitter.set(addresses.map((a) => endpointFor(a, options.port, scheme)));
    } catch (error) {
      if (!closed) options.onError?.(error);
    }
  }

  function refresh(): Promise<void> {
    // Overlapping lookups would race; a refresh during one joins it.
    inFlight ??= resolveOnce().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  function schedule(): void {
    if (closed) return;
    timer = timers.setTimeout(() => {
      void refresh().then(schedule);
    }, options.intervalMs);
  }

  void refresh().then(schedule);

  return {
    subscribe: (cb) => emitter.subscribe(cb),
    current: () => emitter.current(),
    refresh,
    close: async () => {
      closed = true;
      timers.clearTimeout(timer);
      emitter.clear();
      await inFlight;
    },
  };
}
