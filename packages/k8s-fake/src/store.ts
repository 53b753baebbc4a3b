import { randomUUID } from 'node:crypto';
import { apiVersionOf, type ResourceType, resourceByKind, resourceByPlural } from './resources.ts';
import { alreadyExists, badRequest, conflict, type KubeStatus, notFound } from './status.ts';

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

/** Any API object as JSON. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [key: string]: unknown;
}

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change, as the watch history window keeps it. */
export interface StoreEvent {
  resourceVersion: number;
  type: StoreEventType;
  resource: ResourceType;
  object: KubeObject;
  /** The object before a MODIFIED (needed to tell selector transitions apart). */
  previous?: KubeObject;
}

/** An API failure carrying the Status the server answers with. */
export class ApiStatusError extends Error {
  constructor(readonly status: KubeStatus) {
    super(status.message);
  }
}

function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function resolveType(resource: string | ResourceType): ResourceType {
  if (typeof resource !== 'string') return resource;
  const type = resourceByPlural(resource);
  if (!type) throw new Error(`k8s-fake: unknown resource "${resource}"`);
  return type;
}

const GENERATION_TRACKED = new Set(['deployments', 'horizontalpodautoscalers']);

/**
 * The fake's etcd: every write takes the next value of one global resourceVersion, and a bounded history of
 * changes lets watches resume from a resourceVersion as long as it is not older than the window.
 */
export class ObjectStore {
  private revision = 0;
  /** Watches may resume from any resourceVersion >= this; older ones get 410 Expired. */
  private oldestWatchable = 0;
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<(event: StoreEvent) => void>();

  constructor(private readonly historyLimit = 1000) {}

  /** The latest resourceVersion handed out (what a LIST reports). */
  resourceVersion(): number {
    return this.revision;
  }

  oldestWatchableResourceVersion(): number {
    return this.oldestWatchable;
  }

  get(resource: string | ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const type = resolveType(resource);
    const found = this.bucket(type).get(keyOf(namespace, name));
    return found ? clone(found) : undefined;
  }

  list(resource: string | ResourceType, namespace?: string): KubeObject[] {
    const type = resolveType(resource);
    const items = [...this.bucket(type).values()].filter(
      (o) => namespace === undefined || o.metadata?.namespace === namespace,
    );
    items.sort((a, b) =>
      keyOf(a.metadata?.namespace, a.metadata?.name ?? '').localeCompare(
        keyOf(b.metadata?.namespace, b.metadata?.name ?? ''),
      ),
    );
    return items.map(clone);
  }

  create(resource: string | ResourceType, input: KubeObject): KubeObject {
    const type = resolveType(resource);
    const object = clone(input);
    const metadata: ObjectMeta = { ...(object.metadata ?? {}) };
    if (!metadata.name && metadata.generateName) {
      metadata.name = metadata.generateName + randomUUID().slice(0, 5);
    }
    if (!metadata.name) throw new ApiStatusError(badRequest('name or generateName is required'));
    if (type.namespaced && !metadata.namespace) metadata.namespace = 'default';
    const key = keyOf(metadata.namespace, metadata.name);
    if (this.bucket(type).has(key)) throw new ApiStatusError(alreadyExists(type, metadata.name));
    metadata.uid = randomUUID();
    metadata.creationTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    if (GENERATION_TRACKED.has(type.plural)) metadata.generation = 1;
    object.metadata = metadata;
    return this.commit(type, key, 'ADDED', object, undefined);
  }

  /**
   * Replaces an existing object. When `metadata.resourceVersion` is set it is a precondition (optimistic
   * concurrency), as on the real server; unset means an unconditional update.
   */
  update(resource: string | ResourceType, input: KubeObject): KubeObject {
    const type = resolveType(resource);
    const name = input.metadata?.name ?? '';
    const key = keyOf(input.metadata?.namespace ?? (type.namespaced ? 'default' : undefined), name);
    const existing = this.bucket(type).get(key);
    if (!existing) throw new ApiStatusError(notFound(type, name));
    const expected = input.metadata?.resourceVersion;
    if (expected !== undefined && expected !== '' && expected !== existing.metadata?.resourceVersion) {
      throw new ApiStatusError(conflict(type, name));
    }
    const object = clone(input);
    const metadata: ObjectMeta = {
      ...(object.metadata ?? {}),
      namespace: existing.metadata?.namespace,
      uid: existing.metadata?.uid,
      creationTimestamp: existing.metadata?.creationTimestamp,
    };
    if (GENERATION_TRACKED.has(type.plural)) {
      const specChanged = JSON.stringify(object.spec) !== JSON.stringify(existing.spec);
      metadata.generation = (existing.metadata?.generation ?? 1) + (specChanged ? 1 : 0);
    }
    object.metadata = metadata;
    return this.commit(type, key, 'MODIFIED', object, existing);
  }

  delete(
    resource: string | ResourceType,
    namespace: string | undefined,
    name: string,
    expectedResourceVersion?: string,
  ): KubeObject {
    const type = resolveType(resource);
    const key = keyOf(type.namespaced ? (namespace ?? 'default') : undefined, name);
    const existing = this.bucket(type).get(key);
    if (!existing) throw new ApiStatusError(notFound(type, name));
    if (expectedResourceVersion && expectedResourceVersion !== existing.metadata?.resourceVersion) {
      throw new ApiStatusError(conflict(type, name));
    }
    return this.commit(type, key, 'DELETED', clone(existing), existing);
  }

  /** Test hook: create or unconditionally replace an object, typed by its apiVersion and kind. */
  put(input: KubeObject): KubeObject {
    const type = resourceByKind(input.apiVersion ?? '', input.kind ?? '');
    if (!type) throw new Error(`k8s-fake: cannot store ${input.apiVersion}/${input.kind}`);
    const namespace = type.namespaced ? (input.metadata?.namespace ?? 'default') : undefined;
    const withNamespace = { ...input, metadata: { ...input.metadata, namespace } };
    const exists = this.bucket(type).has(keyOf(namespace, input.metadata?.name ?? ''));
    if (!exists) return this.create(type, withNamespace);
    return this.update(type, {
      ...withNamespace,
      metadata: { ...withNamespace.metadata, resourceVersion: '' },
    });
  }

  /** Events after `resourceVersion`, or 'expired' when the window no longer reaches back that far. */
  eventsSince(resourceVersion: number): StoreEvent[] | 'expired' {
    if (resourceVersion < this.oldestWatchable) return 'expired';
    return this.history.filter((e) => e.resourceVersion > resourceVersion).map(clone);
  }

  /** Drops the whole history, as an etcd compaction does: watches must resume from now or relist. */
  compact(): void {
    this.history.length = 0;
    this.oldestWatchable = this.revision;
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private bucket(type: ResourceType): Map<string, KubeObject> {
    let bucket = this.objects.get(type.plural);
    if (!bucket) {
      bucket = new Map();
      this.objects.set(type.plural, bucket);
    }
    return bucket;
  }

  private commit(
    type: ResourceType,
    key: string,
    eventType: StoreEventType,
    object: KubeObject,
    previous: KubeObject | undefined,
  ): KubeObject {
    this.revision += 1;
    object.apiVersion = apiVersionOf(type);
    object.kind = type.kind;
    object.metadata = { ...object.metadata, resourceVersion: String(this.revision) };
    if (eventType === 'DELETED') this.bucket(type).delete(key);
    else this.bucket(type).set(key, object);
    const event: StoreEvent = {
      resourceVersion: this.revision,
      type: eventType,
      resource: type,
      object: clone(object),
      ...(previous ? { previous: clone(previous) } : {}),
    };
    this.history.push(event);
    while (this.history.length > this.historyLimit) {
      const dropped = this.history.shift();
      if (dropped) this.oldestWatchable = dropped.resourceVersion;
    }
    for (const listener of [...this.listeners]) listener(event);
    return clone(object);
  }
}
