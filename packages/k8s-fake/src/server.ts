import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultQueue, type FaultSpec, type RecordedRequest, type RequestVerb } from './faults.ts';
import { readBodyAndDiscard, readBodyText, readJson, send, sendStatus } from './http-io.ts';
import { ListPager } from './list-pages.ts';
import {
  applyJsonPatch,
  applyMergePatch,
  type Json,
  type JsonPatchOperation,
  PatchError,
} from './patches.ts';
import { apiVersionOf, type ParsedPath, parseResourcePath } from './resources.ts';
import { scaleOf, withReplicas } from './scale.ts';
import {
  type FieldRequirement,
  type LabelRequirement,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  SelectorError,
} from './selectors.ts';
import {
  badRequest,
  conflict,
  deleted,
  failure,
  injectedFailure,
  methodNotAllowed,
  notFound,
  routeNotFound,
} from './status.ts';
import { ApiStatusError, type KubeObject, ObjectStore } from './store.ts';
import { validateObject } from './validation.ts';
import { WatchStream } from './watch-stream.ts';

export interface FakeApiServerOptions {
  /** How many changes the watch history keeps; older resourceVersions get 410 Expired. Default 1000. */
  historyLimit?: number;
  /** Period of BOOKMARK events on watches that allow them; 0 disables the timer. Default 0. */
  bookmarkIntervalMs?: number;
}

function verbOf(method: string, path: ParsedPath, query: URLSearchParams): RequestVerb | 'unknown' {
  const watch = query.get('watch') === 'true' || query.get('watch') === '1';
  if (method === 'GET') return path.name === undefined ? (watch ? 'watch' : 'list') : 'get';
  if (method === 'POST' && path.name === undefined) return 'create';
  if (method === 'PUT' && path.name !== undefined) return 'update';
  if (method === 'PATCH' && path.name !== undefined) return 'patch';
  if (method === 'DELETE' && path.name !== undefined) return 'delete';
  return 'unknown';
}

/**
 * The HTTP face of the fake: routes /api and /apis requests onto the ObjectStore with the real server's
 * status codes and bodies, streams watches, and exposes test hooks (faults, request log, watch breaking).
 */
export class FakeApiServer {
  readonly store: ObjectStore;
  private readonly server: Server;
  private readonly watches = new Set<WatchStream>();
  private readonly faults = new FaultQueue();
  private readonly log: RecordedRequest[] = [];
  private readonly pager = new ListPager();
  private bookmarkTimer: NodeJS.Timeout | undefined;
  private baseUrl = '';

  constructor(private readonly options: FakeApiServerOptions = {}) {
    this.store = new ObjectStore(options.historyLimit ?? 1000);
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        const status =
          error instanceof ApiStatusError ? error.status : failure(500, 'InternalError', String(error));
        if (!res.headersSent) sendStatus(res, status);
        else res.destroy();
      });
    });
  }

  get url(): string {
    return this.baseUrl;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    const interval = this.options.bookmarkIntervalMs ?? 0;
    if (interval > 0) {
      this.bookmarkTimer = setInterval(() => this.sendBookmarks(), interval);
      this.bookmarkTimer.unref();
    }
  }

  async close(): Promise<void> {
    clearInterval(this.bookmarkTimer);
    for (const watch of [...this.watches]) watch.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  failNext(spec: FaultSpec = {}): void {
    this.faults.add(spec);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  requests(filter?: Partial<Pick<RecordedRequest, 'verb' | 'resource' | 'method'>>): RecordedRequest[] {
    return this.log.filter(
      (r) =>
        (filter?.verb === undefined || r.verb === filter.verb) &&
        (filter?.resource === undefined || r.resource === filter.resource) &&
        (filter?.method === undefined || r.method === filter.method),
    );
  }

  openWatchCount(): number {
    return this.watches.size;
  }

  /** Ends every open watch: abruptly (socket destroyed, default) or gracefully (end of stream). */
  breakWatches(mode: 'destroy' | 'end' = 'destroy'): number {
    const open = [...this.watches];
    for (const watch of open) {
      if (mode === 'end') watch.end();
      else watch.destroy();
    }
    return open.length;
  }

  sendBookmarks(): void {
    for (const watch of this.watches) watch.bookmark();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = parseResourcePath(url.pathname);
    const method = req.method ?? 'GET';
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      verb: path ? verbOf(method, path, url.searchParams) : 'unknown',
      ...(path?.type ? { resource: path.type.plural } : {}),
      ...(path?.namespace !== undefined ? { namespace: path.namespace } : {}),
      ...(path?.name !== undefined ? { name: path.name } : {}),
      ...(path?.subresource !== undefined ? { subresource: path.subresource } : {}),
      ...(req.headers['content-type'] ? { contentType: req.headers['content-type'] } : {}),
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    };
    this.log.push(record);
    res.on('finish', () => {
      record.status = res.statusCode;
    });
    if (!path) return sendStatus(res, routeNotFound());
    const fault = this.faults.take(record);
    if (fault) {
      await readBodyAndDiscard(req);
      return sendStatus(res, injectedFailure(fault.status, fault.message));
    }
    record.status = 200;
    switch (record.verb) {
      case 'list':
        return this.list(res, path, url.searchParams);
      case 'watch':
        return this.watch(res, path, url.searchParams);
      case 'get':
        return this.get(res, path);
      case 'create':
        return this.create(req, res, path);
      case 'update':
        return this.update(req, res, path);
      case 'patch':
        return this.patch(req, res, path);
      case 'delete':
        return this.remove(req, res, path);
      default:
        return sendStatus(res, methodNotAllowed());
    }
  }

  private selectors(query: URLSearchParams): { labels: LabelRequirement[]; fields: FieldRequirement[] } {
    try {
      return {
        labels: parseLabelSelector(query.get('labelSelector') ?? ''),
        fields: parseFieldSelector(query.get('fieldSelector') ?? ''),
      };
    } catch (error) {
      if (error instanceof SelectorError) throw new ApiStatusError(badRequest(error.message));
      throw error;
    }
  }

  private list(res: ServerResponse, path: ParsedPath, query: URLSearchParams) {
    const page = this.pager.page(Number(query.get('limit') ?? '0'), query.get('continue'), () => {
      const { labels, fields } = this.selectors(query);
      return {
        resourceVersion: this.store.resourceVersion(),
        items: this.store
          .list(path.type, path.namespace)
          .filter(
            (o) => matchesLabels(labels, o.metadata?.labels) && matchesFields(fields, o.metadata ?? {}),
          ),
      };
    });
    if (!page) return sendStatus(res, failure(410, 'Expired', 'The provided continue parameter is too old'));
    const metadata: Record<string, unknown> = { resourceVersion: String(page.resourceVersion) };
    if (page.continueToken) {
      metadata.continue = page.continueToken;
      metadata.remainingItemCount = page.remainingItemCount;
    }
    // The real server strips kind/apiVersion from list items; the list itself carries them.
    const items = page.items.map(({ kind: _kind, apiVersion: _apiVersion, ...rest }) => rest);
    send(res, 200, { kind: `${path.type.kind}List`, apiVersion: apiVersionOf(path.type), metadata, items });
  }

  private watch(res: ServerResponse, path: ParsedPath, query: URLSearchParams) {
    const { labels, fields } = this.selectors(query);
    const rvParam = query.get('resourceVersion');
    const resourceVersion = rvParam === null || rvParam === '' ? undefined : Number(rvParam);
    if (resourceVersion !== undefined && !Number.isInteger(resourceVersion)) {
      return sendStatus(res, badRequest(`invalid resource version: ${rvParam}`));
    }
    const timeout = query.get('timeoutSeconds');
    const stream = new WatchStream(
      this.store,
      {
        type: path.type,
        ...(path.namespace !== undefined ? { namespace: path.namespace } : {}),
        labels,
        fields,
        ...(resourceVersion !== undefined ? { resourceVersion } : {}),
        allowBookmarks: query.get('allowWatchBookmarks') === 'true',
        ...(timeout ? { timeoutSeconds: Number(timeout) } : {}),
      },
      res,
      (closed) => this.watches.delete(closed),
    );
    if (!res.writableEnded && !res.destroyed) this.watches.add(stream);
  }

  private existing(path: ParsedPath): KubeObject {
    const found = this.store.get(path.type, path.namespace, path.name ?? '');
    if (!found) throw new ApiStatusError(notFound(path.type, path.name ?? ''));
    return found;
  }

  private get(res: ServerResponse, path: ParsedPath) {
    const object = this.existing(path);
    if (path.subresource === 'scale' && path.type.plural === 'deployments')
      return send(res, 200, scaleOf(object));
    if (path.subresource !== undefined && path.subresource !== 'status')
      return sendStatus(res, routeNotFound());
    send(res, 200, object);
  }

  private checkBody(path: ParsedPath, body: Json): KubeObject {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new ApiStatusError(badRequest('the body of the request must be a JSON object'));
    }
    const object = body as KubeObject;
    const namespace = object.metadata?.namespace;
    if (path.namespace !== undefined && namespace !== undefined && namespace !== path.namespace) {
      throw new ApiStatusError(
        badRequest('the namespace of the provided object does not match the namespace sent on the request'),
      );
    }
    const withNamespace: KubeObject = {
      ...object,
      metadata: {
        ...object.metadata,
        ...(path.namespace !== undefined ? { namespace: path.namespace } : {}),
      },
    };
    const invalid = validateObject(path.type, withNamespace);
    if (invalid) throw new ApiStatusError(invalid);
    return withNamespace;
  }

  private async create(req: IncomingMessage, res: ServerResponse, path: ParsedPath): Promise<void> {
    const object = this.checkBody(path, await readJson(req));
    send(res, 201, this.store.create(path.type, object));
  }

  private async update(req: IncomingMessage, res: ServerResponse, path: ParsedPath): Promise<void> {
    const body = await readJson(req);
    if (path.subresource === 'scale' && path.type.plural === 'deployments') {
      const scale = body as KubeObject;
      const current = this.existing(path);
      const expected = scale.metadata?.resourceVersion;
      if (expected && expected !== current.metadata?.resourceVersion) {
        throw new ApiStatusError(conflict(path.type, path.name ?? ''));
      }
      const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
      return send(res, 200, scaleOf(this.commitReplicas(path, current, replicas)));
    }
    const object = this.checkBody(path, body);
    if (object.metadata?.name !== undefined && object.metadata.name !== path.name) {
      throw new ApiStatusError(badRequest('the name of the object does not match the name on the URL'));
    }
    const current = this.existing(path);
    const merged: KubeObject =
      path.subresource === 'status'
        ? { ...current, status: object.status, metadata: { ...current.metadata, ...object.metadata } }
        : { ...object, status: current.status ?? object.status };
    send(
      res,
      200,
      this.store.update(path.type, { ...merged, metadata: { ...merged.metadata, name: path.name } }),
    );
  }

  private async patch(req: IncomingMessage, res: ServerResponse, path: ParsedPath): Promise<void> {
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim();
    const body = await readJson(req);
    const current = this.existing(path);
    const isScale = path.subresource === 'scale' && path.type.plural === 'deployments';
    const base = (isScale ? scaleOf(current) : current) as Json;
    let patched: Json;
    try {
      if (contentType === 'application/json-patch+json') {
        patched = applyJsonPatch(base, body as unknown as JsonPatchOperation[]);
      } else if (
        contentType === 'application/merge-patch+json' ||
        // Strategic merge differs only for lists with patch strategies; none of the fields tests touch.
        contentType === 'application/strategic-merge-patch+json'
      ) {
        patched = applyMergePatch(base, body);
      } else {
        return sendStatus(
          res,
          failure(
            415,
            'UnsupportedMediaType',
            `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
          ),
        );
      }
    } catch (error) {
      if (error instanceof PatchError) throw new ApiStatusError(failure(422, 'Invalid', error.message));
      throw error;
    }
    const result = patched as KubeObject;
    // A resourceVersion inside the patch is a precondition, as on the real server.
    const expected = result.metadata?.resourceVersion;
    if (expected && expected !== current.metadata?.resourceVersion) {
      throw new ApiStatusError(conflict(path.type, path.name ?? ''));
    }
    if (isScale) {
      const replicas = (result.spec as { replicas?: unknown } | undefined)?.replicas;
      return send(res, 200, scaleOf(this.commitReplicas(path, current, replicas)));
    }
    const object = this.checkBody(path, {
      ...(result as Record<string, Json>),
      metadata: { ...(result.metadata as Record<string, Json>), name: path.name ?? '' },
    });
    send(res, 200, this.store.update(path.type, object));
  }

  private commitReplicas(path: ParsedPath, current: KubeObject, replicas: unknown): KubeObject {
    const next = withReplicas(current, replicas);
    const invalid = validateObject(path.type, next);
    if (invalid) throw new ApiStatusError(invalid);
    return this.store.update(path.type, next);
  }

  private async remove(req: IncomingMessage, res: ServerResponse, path: ParsedPath): Promise<void> {
    const body = await readBodyText(req);
    let precondition: string | undefined;
    if (body.trim().length > 0) {
      const options = JSON.parse(body) as { preconditions?: { resourceVersion?: string } };
      precondition = options.preconditions?.resourceVersion;
    }
    this.store.delete(path.type, path.namespace, path.name ?? '', precondition);
    send(res, 200, deleted(path.type, path.name ?? ''));
  }
}
