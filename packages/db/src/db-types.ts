import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema/index.ts';

export type Schema = typeof schema;

/**
 * The drizzle handle every repository works on. Both drivers (PGlite, postgres-js) are PgDatabase
 * subclasses, so repositories are written once and run on either ("same suite, many drivers").
 */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type DriverName = 'pglite' | 'postgres';
