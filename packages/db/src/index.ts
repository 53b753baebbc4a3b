export type { Db, DriverName, Schema } from './db-types.ts';
export { DatabaseError, type DatabaseErrorCode } from './errors.ts';
export { MIGRATIONS_FOLDER, migratePgliteDatabase, migratePostgresDatabase } from './migrate.ts';
export {
  type Database,
  databaseOptionsFromEnv,
  defaultDataDir,
  type OpenDatabaseOptions,
  openDatabase,
} from './open-database.ts';
export {
  API_KEY_PREFIX,
  type ApiKeyInfo,
  type ApiKeysRepository,
  type CreatedApiKey,
  generateApiKey,
  hashApiKey,
} from './repositories/api-keys.ts';
export type { FeedbackInput, FeedbackRepository, FeedbackSummary } from './repositories/feedback.ts';
export type { GateResult, GateResultsRepository } from './repositories/gate-results.ts';
export type { Model, ModelsRepository } from './repositories/models.ts';
export {
  ACTIVE_STAGES,
  ALLOWED_TRANSITIONS,
  type Rollout,
  type RolloutsRepository,
  type RolloutTransition,
  type TransitionInput,
} from './repositories/rollouts.ts';
export type { UsageAddResult, UsageRepository, UsageRow } from './repositories/usage.ts';
export { utcDay } from './repositories/validation.ts';
export * from './schema/index.ts';
export {
  createUsageBatcher,
  type UsageBatcher,
  type UsageBatcherOptions,
  type UsageEvent,
} from './usage-batcher.ts';
