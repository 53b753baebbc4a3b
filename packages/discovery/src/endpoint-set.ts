import type { EndpointSpec } from './types.ts';

/** Canonical order (by id) so equal sets compare equal and consumers see a stable order. */
export function canonical(endpoints: readonly EndpointSpec[]): EndpointSpec[] {
  return [...endpoints]
    .map((e) => (e.terminating ? { id: e.id, url: e.url, terminating: true } : { id: e.id, url: e.url }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function sameEndpoints(a: readonly EndpointSpec[], b: readonly EndpointSpec[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((e, i) => {
    const other = b[i];
    return (
      other !== undefined &&
      e.id === other.id &&
      e.url === other.url &&
      !!e.terminating === !!other.terminating
    );
  });
}

/**
 * Holds the current set and fans changes out to subscribers, only when the set really changed.
 * A throwing subscriber must not stop the others from hearing about the change.
 */
export class EndpointSetEmitter {
  private endpoints: EndpointSpec[] = [];
  private readonly subscribers = new Set<(endpoints: EndpointSpec[]) => void>();

  constructor(private readonly onSubscriberError: (error: unknown) => void = () => {}) {}

  current(): EndpointSpec[] {
    return this.endpoints.map((e) => ({ ...e }));
  }

  /** Returns true when the set changed (and subscribers were told). */
  set(next: readonly EndpointSpec[]): boolean {
    const sorted = canonical(next);
    if (sameEndpoints(sorted, this.endpoints)) return false;
    this.endpoints = sorted;
    for (const subscriber of [...this.subscribers]) this.notify(subscriber);
    return true;
  }

  subscribe(cb: (endpoints: EndpointSpec[]) => void): () => void {
    this.subscribers.add(cb);
    this.notify(cb);
    return () => {
      this.subscribers.delete(cb);
    };
  }

  clear(): void {
    this.subscribers.clear();
  }

  private notify(cb: (endpoints: EndpointSpec[]) => void): void {
    try {
      cb(this.current());
    } catch (error) {
      this.onSubscriberError(error);
    }
  }
}
