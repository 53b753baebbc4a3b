import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { MIGRATIONS_FOLDER, migratePgliteDatabase } from './migrate.ts';
import * as schema from './schema/index.ts';

/**
 * A fresh PGlite runs initdb inside WebAssembly: ~10 s of CPU on a busy machine, against ~2 s to
 * load an initialised data directory. So the first fresh database on a machine is dumped (already
 * migrated) to a template tarball in the temp folder, keyed by PGlite's version and the migration
 * files; later in-memory or brand-new databases start from it. Migrations still run afterwards (a
 * no-op when the template is current), so correctness never depends on the cache.
 */
const TEMPLATE_DIR = join(tmpdir(), 'redline-pglite-templates');

let memoKey: string | undefined;
const memoTemplates = new Map<string, Blob>();

function pgliteVersion(): string {
  try {
    let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    for (let i = 0; i < 4; i++, dir = dirname(dir)) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
          name?: string;
          version?: string;
        };
        if (pkg.name === '@electric-sql/pglite') return pkg.version ?? 'unknown';
      } catch {
        // not this level
      }
    }
  } catch {
    // fall through
  }
  return 'unknown';
}

function templateKey(): string {
  if (memoKey !== undefined) return memoKey;
  const hash = createHash('sha256').update(pgliteVersion());
  const files = readdirSync(MIGRATIONS_FOLDER, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) hash.update(file.slice(MIGRATIONS_FOLDER.length)).update(readFileSync(file));
  memoKey = hash.digest('hex').slice(0, 16);
  return memoKey;
}

function templatePath(): string {
  return join(TEMPLATE_DIR, `template-${templateKey()}.tar`);
}

function readTemplate(): Blob | undefined {
  const key = templateKey();
  const cached = memoTemplates.get(key);
  if (cached) return cached;
  try {
    const blob = new Blob([readFileSync(templatePath())]);
    memoTemplates.set(key, blob);
    return blob;
  } catch {
    return undefined;
  }
}

async function writeTemplate(client: PGlite): Promise<void> {
  try {
    const dump = await client.dumpDataDir('none');
    const bytes = new Uint8Array(await dump.arrayBuffer());
    mkdirSync(TEMPLATE_DIR, { recursive: true });
    // Write-then-rename: concurrent test workers never read a half-written template.
    const partial = `${templatePath()}.${process.pid}.${Date.now()}.partial`;
    writeFileSync(partial, bytes);
    renameSync(partial, templatePath());
    memoTemplates.set(templateKey(), new Blob([bytes]));
  } catch {
    // The template is only an optimisation.
  }
}

/**
 * A migrated PGlite: in memory when `dataDir` is undefined, else in that folder (an existing folder
 * is opened as is; an empty one is seeded from the template).
 */
export async function openMigratedPglite(dataDir: string | undefined, seed: boolean): Promise<PGlite> {
  const template = seed ? readTemplate() : undefined;
  if (template) {
    const client = new PGlite({ ...(dataDir ? { dataDir } : {}), loadDataDir: template });
    try {
      await client.waitReady;
      await migratePgliteDatabase(drizzle({ client, schema }));
      return client;
    } catch {
      // Corrupt or incompatible template: drop it and start from scratch.
      await client.close().catch(() => {});
      rmSync(templatePath(), { force: true });
      memoTemplates.delete(templateKey());
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const client = dataDir ? new PGlite(dataDir) : new PGlite();
  try {
    await client.waitReady;
    await migratePgliteDatabase(drizzle({ client, schema }));
  } catch (error) {
    await client.close().catch(() => {});
    throw error;
  }
  if (seed) await writeTemplate(client);
  return client;
}
