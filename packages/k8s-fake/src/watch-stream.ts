import type { ServerResponse } from 'node:http';
import { apiVersionOf, type ResourceType } from './resources.ts';
import { type FieldRequirement, type LabelRequirement, matchesFields, matchesLabels } from './selectors.ts';
import { expired } from './status.ts';
import type { KubeObject, ObjectStore, StoreEvent } from './store.ts';

export interface WatchRequest {
  type: ResourceType;
  namespace?: string;
  labels: LabelRequirement[];
  fields: FieldRequirement[];
  /** undefined or 0: start with synthetic ADDED events for the current state, as the real server does. */
  resourceVersion?: number;
  allowBookmarks: boolean;
  timeoutSeconds?: number;
}

type WireEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** One open watch: a chunked, newline-delimited stream of {type, object} events. */
export class WatchStream {
  private closed = false;
  private readonly unsubscribe: () => void;
  private timeout: NodeJS.Timeout | undefined;
  readonly allowBookmarks: boolean;

  constructor(
    private readonly store: ObjectStore,
    private readonly request: WatchRequest,
    private readonly response: ServerResponse,
    private readonly onClose: (stream: WatchStream) => void,
  ) {
    this.allowBookmarks = request.allowBookmarks;
    response.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    response.flushHeaders();
    response.on('close', () => this.finish());

    const from = request.resourceVersion;
    if (from === undefined || from === 0) {
      for (const object of store.list(request.type, request.namespace)) {
        if (this.matches(object)) this.send('ADDED', object);
      }
    } else {
      const backlog = store.eventsSince(from);
      if (backlog === 'expired') {
        // The real server answers 200 and then a single ERROR event carrying a 410 Status, then closes.
        this.send('ERROR', expired(from, store.oldestWatchableResourceVersion()));
        this.unsubscribe = () => {};
        this.end();
        return;
      }
      for (const event of backlog) this.deliver(event);
    }
    this.unsubscribe = store.subscribe((event) => this.deliver(event));
    if (request.timeoutSeconds !== undefined && request.timeoutSeconds > 0) {
      this.timeout = setTimeout(() => this.end(), request.timeoutSeconds * 1000);
    }
  }

  /** Emits a BOOKMARK at the store's current resourceVersion (all changes up to it were delivered). */
  bookmark(): void {
    if (!this.allowBookmarks || this.closed) return;
    this.send('BOOKMARK', {
      kind: this.request.type.kind,
      apiVersion: apiVersionOf(this.request.type),
      metadata: { resourceVersion: String(this.store.resourceVersion()) },
    });
  }

  /** Graceful end of stream: the client re-watches from its last resourceVersion. */
  end(): void {
    if (this.closed) return;
    this.response.end();
    this.finish();
  }

  /** Abrupt connection loss: the socket is destroyed mid-stream. */
  destroy(): void {
    if (this.closed) return;
    this.response.destroy();
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timeout);
    this.unsubscribe?.();
    this.onClose(this);
  }

  private matches(object: KubeObject | undefined): boolean {
    if (!object) return false;
    const metadata = object.metadata ?? {};
    if (this.request.namespace !== undefined && metadata.namespace !== this.request.namespace) return false;
    return (
      matchesLabels(this.request.labels, metadata.labels) && matchesFields(this.request.fields, metadata)
    );
  }

  /** Applies watch-cache semantics: an object moving out of the selector is DELETED, into it ADDED. */
  private deliver(event: StoreEvent): void {
    if (this.closed || event.resource.plural !== this.request.type.plural) return;
    const now = this.matches(event.object);
    if (event.type === 'ADDED') {
      if (now) this.send('ADDED', event.object);
      return;
    }
    if (event.type === 'DELETED') {
      if (this.matches(event.previous) || now) this.send('DELETED', event.object);
      return;
    }
    const before = this.matches(event.previous);
    if (before && now) this.send('MODIFIED', event.object);
    else if (now) this.send('ADDED', event.object);
    else if (before) this.send('DELETED', event.object);
  }

  private send(type: WireEventType, object: unknown): void {
    if (this.closed) return;
    this.response.write(`${JSON.stringify({ type, object })}\n`);
  }
}
