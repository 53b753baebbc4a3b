import type { Database } from '@redline/db';
import type { PoolOptions } from '../gateway.ts';

/**
 * Pools for the models registered in the database (models table: name → endpoint URLs), skipping models the
 * gateway already got by configuration (configuration wins: it is what the operator passed this process).
 */
export async function registeredPoolOptions(
  db: Database,
  configured: readonly string[],
): Promise<PoolOptions[]> {
  const taken = new Set(configured);
  const models = await db.models.list();
  return models
    .filter((model) => !taken.has(model.name))
    .map((model) => ({
      model: model.name,
      endpoints: model.endpoints.map((url) => url.replace(/\/+$/, '')),
    }));
}
