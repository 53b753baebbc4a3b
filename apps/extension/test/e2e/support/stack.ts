import { once } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Gateway, startGateway } from '@redline/gateway';
import { type PodFleet, startPods } from '@redline/pod-sim';
import { CHECKS_PATH, type RecordedCheck, waitFor } from './stack-client.ts';

export const MODEL = 'redline/harper-gec';

/**
 * Counts what reaches the gateway: an HTTP proxy in front of it records every correct.check call and its
 * segments (tRPC GET batches carry them in the `input` query parameter), then forwards the bytes untouched
 * (streamed responses included).
 */
export class CountingProxy {
  readonly checks: RecordedCheck[] = [];
  private server: Server | null = null;
  url = '';

  constructor(private readonly target: string) {}

  async start(): Promise<void> {
    const target = new URL(this.target);
    this.server = createServer((req, res) => {
      // Tests in other processes read the record here.
      if (req.url === CHECKS_PATH) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(this.checks));
        return;
      }
      // Queries come as GET (input in the URL) or, with methodOverride, as POST (input in the body).
      const body: Buffer[] = [];
      req.on('data', (chunk: Buffer) => body.push(chunk));
      req.on('end', () => this.record(req.url ?? '/', Buffer.concat(body).toString('utf8')));
      const upstream = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      req.pipe(upstream);
      res.on('close', () => upstream.destroy());
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private record(path: string, body: string): void {
    const url = new URL(path, 'http://x');
    const procedures = url.pathname.replace(/^\/trpc\//, '').split(',');
    if (!procedures.includes('correct.check')) return;
    const raw = url.searchParams.get('input') ?? (body === '' ? null : body);
    if (raw === null) return;
    const parsed = JSON.parse(raw) as unknown;
    // Batched: {"0": input, "1": input, ...}; unbatched: the input itself.
    const inputs = (url.searchParams.has('batch') ? parsed : { 0: parsed }) as Record<
      string,
      { segments?: Array<{ id: string; text: string }>; dialect?: string } | undefined
    >;
    procedures.forEach((p, i) => {
      const input = inputs[String(i)];
      if (p === 'correct.check' && input?.segments)
        this.checks.push({
          at: Date.now(),
          segments: input.segments,
          ...(input.dialect !== undefined ? { dialect: input.dialect } : {}),
        });
    });
  }

  /** Every segment text received so far. */
  segmentTexts(): string[] {
    return this.checks.flatMap((c) => c.segments.map((s) => s.text));
  }

  async close(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export interface Stack {
  gateway: Gateway;
  fleet: PodFleet;
  proxy: CountingProxy;
  apiKey: string;
  close(): Promise<void>;
}

/** pod-sim pods (harper engine) → a real gateway → the counting proxy. Always close(). */
export async function startStack(): Promise<Stack> {
  const fleet = await startPods({
    count: 2,
    port: 0,
    profile: 'test-fast',
    engine: 'harper',
    modelName: MODEL,
  });
  let gateway: Gateway | undefined;
  let proxy: CountingProxy | undefined;
  try {
    gateway = await startGateway({
      endpoints: fleet.pods.map((p) => p.url),
      model: MODEL,
      logLevel: 'silent',
      healthCheck: { intervalMs: 500, timeoutMs: 3000 },
      // A shared, busy CPU: a slow pod must not read as a failed gateway (the extension would go on-device).
      deadlineMs: 20_000,
      shutdownGraceMs: 1000,
    });
    const key = await gateway.db.apiKeys.create({ name: `extension-e2e-${Date.now()}` });
    proxy = new CountingProxy(gateway.url);
    await proxy.start();
    await waitFor(
      async () => (await fetch(`${gateway?.url}/readyz`)).status === 200,
      20_000,
      'gateway ready',
    );
    const g = gateway;
    const p = proxy;
    return {
      gateway: g,
      fleet,
      proxy: p,
      apiKey: key.key,
      async close() {
        await p.close();
        await g.close();
        await fleet.close();
      },
    };
  } catch (error) {
    await proxy?.close();
    await gateway?.close();
    await fleet.close();
    throw error;
  }
}
