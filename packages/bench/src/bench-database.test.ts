import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { openBenchDatabase } from './bench-database.ts';

describe('openBenchDatabase', () => {
  it('falls back to the embedded PGlite without a server', async () => {
    const db = await openBenchDatabase('');
    expect(db.url).toBe('');
    expect(db.label).toMatch(/PGlite/);
    await db.drop();
  });

  const server = process.env.DATABASE_URL;
  if (!server) console.info('bench-database: DATABASE_URL unset, the PostgreSQL case is skipped');
  it.skipIf(!server)('creates a throwaway database on the server and drops it', async () => {
    const db = await openBenchDatabase(server);
    const name = new URL(db.url).pathname.slice(1);
    expect(name).toMatch(/^redline_bench_/);
    const inside = postgres(db.url, { max: 1, onnotice: () => {} });
    expect((await inside`select current_database() as name`)[0]?.name).toBe(name);
    await inside.end();
    await db.drop();
    const admin = postgres(server!, { max: 1, onnotice: () => {} });
    const left = await admin`select 1 from pg_database where datname = ${name}`;
    await admin.end();
    expect(left).toHaveLength(0);
  });
});
