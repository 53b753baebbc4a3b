import { fileURLToPath } from 'node:url';
import { type GatewayCounters, readGatewayCounters } from './gateway-counters.ts';
import { type Child, startChild } from './peers/child.ts';
import { type HaproxyBalance, startHaproxy } from './peers/haproxy.ts';
import { startNginx } from './peers/nginx.ts';
import { freePort, waitForHttp } from './ports.ts';
import type { ChatTarget } from './stream-request.ts';

export const GATEWAY_POLICIES = ['round-robin', 'random', 'least-request', 'peak-ewma', 'redline'] as const;
export const HAPROXY_BALANCES: readonly HaproxyBalance[] = ['roundrobin', 'leastconn', 'random(2)'];

export type SystemName =
  | `gateway:${(typeof GATEWAY_POLICIES)[number]}`
  | `haproxy:${HaproxyBalance}`
  | 'nginx:random-two-least-conn';

export const ALL_SYSTEMS: readonly SystemName[] = [
  ...GATEWAY_POLICIES.map((p) => `gateway:${p}` as const),
  ...HAPROXY_BALANCES.map((b) => `haproxy:${b}` as const),
  'nginx:random-two-least-conn',
];

export interface RunningSystem {
  target: ChatTarget;
  /** The proxy's own process, for CPU accounting. */
  child: Child;
  /** The gateway's router counters (absent for the peers, which do not expose theirs the same way). */
  counters?(): Promise<GatewayCounters>;
  stop(): Promise<void>;
}

export interface SystemContext {
  podPorts: readonly number[];
  model: string;
  deadlineMs: number;
  /** The gateway's DATABASE_URL ('' or unset: in-memory PGlite). See bench-database.ts. */
  databaseUrl?: string;
  /** Run the system on these CPUs only (see cpu-pinning.ts). */
  cpus?: string;
}

const gatewayBin = fileURLToPath(new URL('../../../apps/gateway/bin/redline-gateway.js', import.meta.url));
const ADMIN_TOKEN = 'bench-admin-token-0123456789';

/** Starts one system in its own process, in front of the same pods. */
export async function startSystem(name: SystemName, ctx: SystemContext): Promise<RunningSystem> {
  const port = await freePort();
  const [kind, variant] = name.split(':') as [string, string];
  if (kind === 'gateway') return startGatewaySystem(variant, port, ctx);
  const child =
    kind === 'haproxy'
      ? await startHaproxy(variant as HaproxyBalance, port, ctx.podPorts, ctx.cpus)
      : await startNginx(port, ctx.podPorts, ctx.cpus);
  return {
    target: { baseUrl: `http://127.0.0.1:${port}`, apiPrefix: '/v1', model: ctx.model },
    child,
    stop: () => child.stop(),
  };
}

async function startGatewaySystem(policy: string, port: number, ctx: SystemContext): Promise<RunningSystem> {
  const env = {
    PORT: String(port),
    HOST: '127.0.0.1',
    REDLINE_ENDPOINTS: ctx.podPorts.map((p) => `http://127.0.0.1:${p}`).join(','),
    REDLINE_POLICY: policy,
    REDLINE_ADMIN_TOKEN: ADMIN_TOKEN,
    REDLINE_DEADLINE_MS: String(ctx.deadlineMs),
    REDLINE_MODEL: ctx.model,
    // A throwaway PostgreSQL database, else an in-memory PGlite: never a developer's data.
    DATABASE_URL: ctx.databaseUrl ?? '',
    REDLINE_DATA_DIR: 'memory://',
    LOG_LEVEL: 'warn',
  };
  const child = startChild(`gateway:${policy}`, process.execPath, [gatewayBin], { env, cpus: ctx.cpus });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${baseUrl}/healthz`, 30_000, child.alive);
    const apiKey = await createApiKey(baseUrl);
    return {
      target: { baseUrl, apiPrefix: '/v1', model: ctx.model, apiKey },
      child,
      counters: () => readGatewayCounters(baseUrl),
      stop: () => child.stop(),
    };
  } catch (err) {
    await child.stop();
    throw err;
  }
}

/** keys.create over plain tRPC HTTP (a mutation is a POST with the input as JSON body). */
async function createApiKey(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/trpc/keys.create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ name: 'bench' }),
  });
  const json = (await res.json()) as { result?: { data?: { key?: string } } };
  const key = json.result?.data?.key;
  if (!key) throw new Error(`keys.create failed: ${res.status} ${JSON.stringify(json)}`);
  return key;
}
