/**
 * The database behind the benchmarked gateway. The gateway runs as deployed: against PostgreSQL when one is
 * configured (DATABASE_URL), in a throwaway database created for the run and dropped after it, so no
 * developer's data or test database is touched. Without DATABASE_URL it falls back to the embedded default,
 * an in-memory PGlite, whose WebAssembly Postgres shares the gateway's event loop (the report says which).
 */
import postgres from 'postgres';

export interface BenchDatabase {
  /** DATABASE_URL for the gateway ('' = in-memory PGlite). */
  url: string;
  /** For the report. */
  label: string;
  drop(): Promise<void>;
}

export async function openBenchDatabase(serverUrl = process.env.DATABASE_URL): Promise<BenchDatabase> {
  if (!serverUrl) {
    return { url: '', label: 'PGlite in memory (DATABASE_URL unset)', drop: async () => {} };
  }
  const name = `redline_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    label: `PostgreSQL (${url.host}, throwaway database ${name})`,
    async drop() {
      const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await sql.end();
      }
    },
  };
}
