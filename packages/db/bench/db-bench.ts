/**
 * Storage figures for the gateway's hot paths: in-memory usage recording, the batched usage upsert and
 * API-key verification. PGlite in memory always; PostgreSQL too when DATABASE_URL is set (in a
 * throw-away database). Writes bench/results/db.json at the repository root.
 * Run: npx tsx bench/db-bench.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { createUsageBatcher, type Database, openDatabase } from '../src/index.ts';

interface Figure {
  driver: string;
  metric: string;
  value: number;
  unit: string;
}

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
};

async function measure(driver: string, db: Database): Promise<Figure[]> {
  const figures: Figure[] = [];
  const keys = await Promise.all(
    Array.from({ length: 50 }, (_, i) => db.apiKeys.create({ name: `bench-${i}` })),
  );

  // 1. Recording into the batcher: pure in-memory aggregation, what every request pays.
  const batcher = createUsageBatcher(db, { flushEveryMs: 3_600_000, maxRows: 1_000_000 });
  const records = 1_000_000;
  let t0 = performance.now();
  for (let i = 0; i < records; i++) {
    batcher.record({
      keyId: (keys[i % keys.length] as { id: string }).id,
      inputTokens: 50,
      outputTokens: 50,
    });
  }
  const recordMs = performance.now() - t0;
  figures.push({
    driver,
    metric: 'batcher.record throughput',
    value: Math.round(records / (recordMs / 1000)),
    unit: 'records/s',
  });
  t0 = performance.now();
  await batcher.close();
  figures.push({ driver, metric: 'batcher flush (50 key rows)', value: performance.now() - t0, unit: 'ms' });

  // 2. The batched upsert with many (key, day) rows, as a busy flush would send.
  const day = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
  const flushTimes: number[] = [];
  for (let round = 0; round < 10; round++) {
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      keyId: (keys[i % keys.length] as { id: string }).id,
      day: day(Math.floor(i / keys.length) + round),
      requests: 10,
      inputTokens: 500,
      outputTokens: 500,
    }));
    t0 = performance.now();
    await db.usage.add(rows);
    flushTimes.push(performance.now() - t0);
  }
  figures.push({ driver, metric: 'usage.add 1,000 rows p50', value: quantile(flushTimes, 0.5), unit: 'ms' });

  // 3. Key verification (the gateway caches it, but a cache miss pays this).
  const verifyTimes: number[] = [];
  for (let i = 0; i < 300; i++) {
    t0 = performance.now();
    await db.apiKeys.verify((keys[i % keys.length] as { key: string }).key);
    verifyTimes.push(performance.now() - t0);
  }
  figures.push({ driver, metric: 'apiKeys.verify p50', value: quantile(verifyTimes, 0.5), unit: 'ms' });
  figures.push({ driver, metric: 'apiKeys.verify p99', value: quantile(verifyTimes, 0.99), unit: 'ms' });
  return figures;
}

const figures: Figure[] = [];
let t0 = performance.now();
const pglite = await openDatabase({ memory: true });
figures.push({
  driver: 'pglite',
  metric: 'openDatabase (memory, migrated)',
  value: performance.now() - t0,
  unit: 'ms',
});
figures.push(...(await measure('pglite', pglite)));
await pglite.close();

const url = process.env.DATABASE_URL;
if (url) {
  const name = `redline_db_bench_${process.pid}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  try {
    const target = new URL(url);
    target.pathname = `/${name}`;
    t0 = performance.now();
    const pg = await openDatabase({ url: target.toString() });
    figures.push({
      driver: 'postgres',
      metric: 'openDatabase (url, migrated)',
      value: performance.now() - t0,
      unit: 'ms',
    });
    figures.push(...(await measure('postgres', pg)));
    await pg.close();
  } finally {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end({ timeout: 5 });
  }
} else {
  console.warn('PostgreSQL figures skipped: DATABASE_URL is not set');
}

for (const f of figures)
  console.log(
    `${f.driver.padEnd(9)} ${f.metric.padEnd(36)} ${f.value.toFixed(f.unit === 'ms' ? 2 : 0)} ${f.unit}`,
  );
const loadAverage = os.loadavg();
console.log(`load average ${loadAverage.map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`);
const out = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bench/results/db.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify({ bench: 'db', at: new Date().toISOString(), loadAverage, figures }, null, 2)}\n`,
);
console.log(`wrote ${out}`);
