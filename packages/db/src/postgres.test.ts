import postgres from 'postgres';
import { afterAll, describe } from 'vitest';
import { openDatabase } from './open-database.ts';
import { describeRepositories } from './repositories.suite.ts';

const url = process.env.DATABASE_URL;
if (!url) console.warn('skipping PostgreSQL repository suite: DATABASE_URL is not set');

/**
 * Each run gets its own throw-away database (the migrations reference "public" explicitly, so a
 * per-run search_path would not isolate them); it is dropped afterwards.
 */
describe.skipIf(!url)('PostgreSQL', () => {
  const name = `redline_db_test_${process.pid}_${Date.now().toString(36)}`;
  const admin = url ? postgres(url, { max: 1, onnotice: () => {} }) : undefined;
  afterAll(async () => {
    if (!admin) return;
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end({ timeout: 5 });
  });

  describeRepositories('PostgreSQL (fresh database)', async () => {
    if (!admin || !url) throw new Error('unreachable: suite is skipped without DATABASE_URL');
    await admin.unsafe(`create database "${name}"`);
    const testUrl = new URL(url);
    testUrl.pathname = `/${name}`;
    return openDatabase({ url: testUrl.toString() });
  });
});
