import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseError } from './errors.ts';
import { databaseOptionsFromEnv, defaultDataDir, openDatabase } from './open-database.ts';
import { queryRows } from './repositories.suite.ts';

describe('openDatabase', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redline-db-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('persists to a PGlite data folder and migrates only once', async () => {
    const dataDir = join(dir, 'nested', 'db');
    const first = await openDatabase({ dataDir });
    expect(first.driver).toBe('pglite');
    const created = await first.apiKeys.create({ name: 'persisted' });
    await first.close();
    await first.close(); // idempotent

    const second = await openDatabase({ dataDir });
    try {
      expect(await second.apiKeys.verify(created.key)).toEqual({ id: created.id, name: 'persisted' });
      const rows = await queryRows<{ n: number }>(
        second,
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
      expect(rows[0]?.n).toBe(1);
    } finally {
      await second.close();
    }
  }, 120_000);

  it('takes memory:// (PGlite’s in-memory name) as memory, not as a folder', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const db = await openDatabase({ dataDir: 'memory://' });
      expect(db.driver).toBe('pglite');
      await db.close();
      expect(existsSync(join(dir, 'memory:'))).toBe(false);
    } finally {
      process.chdir(cwd);
    }
  }, 120_000);

  it('needs url, dataDir or memory', async () => {
    await expect(openDatabase({})).rejects.toBeInstanceOf(DatabaseError);
  });

  it('derives options from the environment', () => {
    expect(databaseOptionsFromEnv({ DATABASE_URL: 'postgres://x@h/db' })).toEqual({
      url: 'postgres://x@h/db',
    });
    expect(databaseOptionsFromEnv({ REDLINE_DATA_DIR: '/data/redline' })).toEqual({
      dataDir: '/data/redline',
    });
    expect(defaultDataDir({})).toMatch(/\.local\/share\/redline\/db$/);
  });
});
