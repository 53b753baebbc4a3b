import type { EndpointSpec } from '@redline/router';

/** An endpoint source the benchmark edits while traffic flows, as discovery would when a pod leaves the Service. */
export class MutableEndpointSource {
  private endpoints: EndpointSpec[];
  private readonly listeners = new Set<(endpoints: EndpointSpec[]) => void>();

  constructor(urls: readonly string[]) {
    this.endpoints = urls.map((url) => ({ id: new URL(url).host, url }));
  }

  subscribe(onEndpoints: (endpoints: EndpointSpec[]) => void): () => void {
    this.listeners.add(onEndpoints);
    onEndpoints(this.current());
    return () => this.listeners.delete(onEndpoints);
  }

  current(): EndpointSpec[] {
    return this.endpoints.map((e) => ({ ...e }));
  }

  remove(url: string): void {
    this.endpoints = this.endpoints.filter((e) => e.url !== url);
    for (const listener of this.listeners) listener(this.current());
  }
}
