import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db-types.ts';
import { DatabaseError } from '../errors.ts';
import { models } from '../schema/index.ts';
import { requireText } from './validation.ts';

export interface Model {
  id: string;
  name: string;
  endpoints: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface ModelsRepository {
  /** Create the model or replace its endpoint list. */
  upsert(input: { name: string; endpoints: readonly string[] }): Promise<Model>;
  get(name: string): Promise<Model | null>;
  /** All models by name. */
  list(): Promise<Model[]>;
}

function requireEndpoints(endpoints: unknown): string[] {
  if (!Array.isArray(endpoints)) throw new DatabaseError('BAD_INPUT', 'endpoints must be an array of URLs');
  return endpoints.map((value) => {
    if (typeof value !== 'string' || !URL.canParse(value)) {
      throw new DatabaseError('BAD_INPUT', `endpoint ${JSON.stringify(value)} is not a URL`);
    }
    const protocol = new URL(value).protocol;
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw new DatabaseError('BAD_INPUT', `endpoint ${value} must be http(s)`);
    }
    return value;
  });
}

export function createModelsRepository(db: Db): ModelsRepository {
  return {
    async upsert({ name, endpoints }) {
      requireText('name', name);
      const list = requireEndpoints(endpoints);
      const [row] = await db
        .insert(models)
        .values({ name, endpoints: list })
        .onConflictDoUpdate({ target: models.name, set: { endpoints: list, updatedAt: sql`now()` } })
        .returning();
      if (row === undefined) throw new Error('upsert into models returned no row');
      return row;
    },
    async get(name) {
      const [row] = await db.select().from(models).where(eq(models.name, name)).limit(1);
      return row ?? null;
    },
    async list() {
      return db.select().from(models).orderBy(asc(models.name));
    },
  };
}
