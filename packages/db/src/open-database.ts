import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Db, DriverName } from './db-types.ts';
import { DatabaseError } from './errors.ts';
import { migratePostgresDatabase } from './migrate.ts';
import { openMigratedPglite } from './pglite-template.ts';
import { type ApiKeysRepository, createApiKeysRepository } from './repositories/api-keys.ts';
import { createFeedbackRepository, type FeedbackRepository } from './repositories/feedback.ts';
import { createGateResultsRepository, type GateResultsRepository } from './repositories/gate-results.ts';
import { createModelsRepository, type ModelsRepository } from './repositories/models.ts';
import { createRolloutsRepository, type RolloutsRepository } from './repositories/rollouts.ts';
import { createUsageRepository, type UsageRepository } from './repositories/usage.ts';
import * as schema from './schema/index.ts';

export interface OpenDatabaseOptions {
  /** postgres://… — use PostgreSQL (postgres-js). Takes precedence over dataDir/memory. */
  url?: string;
  /** PGlite data folder (created if missing), e.g. defaultDataDir(). */
  dataDir?: string;
  /** In-memory PGlite (tests). */
  memory?: boolean;
  /** Max pooled PostgreSQL connections (default 10). */
  maxConnections?: number;
}

export interface Database {
  driver: DriverName;
  apiKeys: ApiKeysRepository;
  usage: UsageRepository;
  feedback: FeedbackRepository;
  models: ModelsRepository;
  rollouts: RolloutsRepository;
  gateResults: GateResultsRepository;
  /** The underlying drizzle handle, for queries no repository offers. */
  db: Db;
  close(): Promise<void>;
}

/** $REDLINE_DATA_DIR, else ~/.local/share/redline/db: where an embedded PGlite keeps its files. */
export function defaultDataDir(env: Record<string, string | undefined> = process.env): string {
  return env.REDLINE_DATA_DIR || join(homedir(), '.local', 'share', 'redline', 'db');
}

/** DATABASE_URL when set (PostgreSQL), else the default PGlite folder. */
export function databaseOptionsFromEnv(
  env: Record<string, string | undefined> = process.env,
): OpenDatabaseOptions {
  return env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: defaultDataDir(env) };
}

function withRepositories(driver: DriverName, db: Db, close: () => Promise<void>): Database {
  let closed: Promise<void> | undefined;
  return {
    driver,
    db,
    apiKeys: createApiKeysRepository(db),
    usage: createUsageRepository(db),
    feedback: createFeedbackRepository(db),
    models: createModelsRepository(db),
    rollouts: createRolloutsRepository(db),
    gateResults: createGateResultsRepository(db),
    close: () => {
      closed ??= close();
      return closed;
    },
  };
}

/**
 * Open (and migrate) the database: PostgreSQL when `url` is given, else PGlite in `dataDir` or in
 * memory. Pending migrations are applied before this resolves.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.url) {
    await migratePostgresDatabase(options.url);
    const client = postgres(options.url, { max: options.maxConnections ?? 10, onnotice: () => {} });
    const db = drizzlePostgres({ client, schema });
    return withRepositories('postgres', db, () => client.end({ timeout: 5 }));
  }
  if (!options.memory && !options.dataDir) {
    throw new DatabaseError('BAD_CONFIG', 'openDatabase needs one of url, dataDir or memory: true');
  }
  // PGlite's own name for memory is not a folder to create (it once left an empty "memory:" one behind).
  const dataDir = options.memory || options.dataDir === 'memory://' ? undefined : options.dataDir;
  // Only a brand-new folder may be seeded from the template; an existing one is opened as is.
  const fresh = dataDir === undefined || !existsSync(dataDir) || readdirSync(dataDir).length === 0;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await openMigratedPglite(dataDir, fresh);
  const db = drizzlePglite({ client, schema });
  return withRepositories('pglite', db, () => client.close());
}
