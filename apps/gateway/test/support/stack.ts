import { createRedlineClient, type RedlineClient } from '@redline/client';
import { type Database, openDatabase } from '@redline/db';
import { type PodFleet, type StartPodsOptions, startPods } from '@redline/pod-sim';
import { afterAll, beforeAll } from 'vitest';
import { type Gateway, type StartGatewayOptions, startGateway } from '../../src/index.ts';

export const MODEL = 'redline/harper-gec';
export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface Stack {
  fleet: PodFleet;
  gateway: Gateway;
  apiKey: string;
  keyId: string;
  client: RedlineClient;
  close(): Promise<void>;
}

let shared: { db: Promise<Database>; users: number; closeTimer?: NodeJS.Timeout } | undefined;

/**
 * PostgreSQL when DATABASE_URL is set (CI), else PGlite in memory. Starting PGlite costs seconds, so the files
 * of one vitest worker share one instance (isolate: false): each file acquires it in beforeAll and releases it
 * in afterAll; it closes once no file has re-acquired it shortly after the last release.
 */
export async function acquireTestDatabase(): Promise<Database> {
  if (!shared) {
    const url = process.env.DATABASE_URL;
    shared = { db: url ? openDatabase({ url }) : openDatabase({ memory: true }), users: 0 };
  }
  clearTimeout(shared.closeTimer);
  shared.users++;
  return shared.db;
}

/**
 * The shared test database for one test file: acquired in beforeAll, released in afterAll of the enclosing
 * describe. Read `.db` inside hooks and tests (it is set once beforeAll ran).
 */
export function useTestDatabase(): { readonly db: Database } {
  let db: Database | undefined;
  beforeAll(async () => {
    db = await acquireTestDatabase();
  });
  afterAll(async () => {
    await releaseTestDatabase();
  });
  return {
    get db(): Database {
      if (!db) throw new Error('useTestDatabase(): read .db inside a hook or test, after beforeAll');
      return db;
    },
  };
}

export async function releaseTestDatabase(): Promise<void> {
  if (!shared) return;
  const current = shared;
  current.users--;
  if (current.users > 0) return;
  current.closeTimer = setTimeout(() => {
    if (shared === current && current.users === 0) {
      shared = undefined;
      void current.db.then((db) => db.close());
    }
  }, 500);
}

export interface StackOptions {
  /** Shared per test file (opening PGlite costs seconds); the stack does not close it. */
  db: Database;
  pods?: Partial<Omit<StartPodsOptions, 'modelName'>>;
  gateway?: Partial<StartGatewayOptions>;
}

/**
 * Real pod-sim pods and a real gateway on ephemeral ports, an API key and a typed client. Always close() it.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const fleet = await startPods({
    count: 3,
    port: 0,
    profile: 'test-fast',
    engine: 'harper',
    ...options.pods,
    modelName: MODEL,
  });
  let gateway: Gateway | undefined;
  try {
    gateway = await startGateway({
      endpoints: fleet.pods.map((p) => p.url),
      model: MODEL,
      adminToken: ADMIN_TOKEN,
      db: options.db,
      logLevel: (process.env.LOG_LEVEL as StartGatewayOptions['logLevel']) ?? 'silent',
      // Generous timeout: pods run harper on a shared, busy CPU; a slow /health is not a dead pod.
      healthCheck: { intervalMs: 300, timeoutMs: 2000 },
      shutdownGraceMs: 2000,
      ...options.gateway,
    });
    const key = await gateway.db.apiKeys.create({ name: `test-${Date.now()}` });
    const client = createRedlineClient({ url: gateway.url, apiKey: key.key });
    const opened = gateway;
    return {
      fleet,
      gateway,
      apiKey: key.key,
      keyId: key.id,
      client,
      async close() {
        await opened.close();
        await fleet.close();
      },
    };
  } catch (error) {
    await gateway?.close();
    await fleet.close();
    throw error;
  }
}

/** Poll until `check` passes or `timeoutMs` elapses (then throw with the last value). */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  timeoutMs = 3000,
  label = 'condition',
): Promise<T> {
  const started = Date.now();
  let last: T | undefined;
  while (Date.now() - started < timeoutMs) {
    last = await check();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${label} (last: ${JSON.stringify(last)})`);
}

/** Wait until the gateway reports ready (health checks have passed). */
export async function waitReady(gateway: Gateway): Promise<void> {
  await waitFor(async () => (await fetch(`${gateway.url}/readyz`)).status === 200, 5000, '/readyz');
}
