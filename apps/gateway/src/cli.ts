import { EnvError, loadEnv } from './env.ts';
import { startGateway } from './gateway.ts';
import { createLogger } from './observability/logger.ts';
import { discoveryFromEnv } from './pools/discovery-from-env.ts';
import { rolloutOptionsFromEnv } from './rollouts/rollout-settings.ts';

/** redline-gateway: configuration from the environment (see src/env.ts and README.md). */
async function main(): Promise<void> {
  let env: ReturnType<typeof loadEnv>;
  try {
    env = loadEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(env.LOG_LEVEL);
  if (env.REDLINE_DISCOVERY === 'static' && env.REDLINE_ENDPOINTS.length === 0)
    logger.warn('REDLINE_ENDPOINTS is empty: every request will get 503');
  const endpointSource = await discoveryFromEnv(env, logger);
  const gateway = await startGateway({
    port: env.PORT,
    host: env.HOST,
    endpointSource,
    adminToken: env.REDLINE_ADMIN_TOKEN,
    policy: env.REDLINE_POLICY,
    routerTuning: { redline: { batchSlots: env.REDLINE_POD_MAX_NUM_SEQS, tieBreak: env.REDLINE_TIE_BREAK } },
    databaseUrl: env.DATABASE_URL,
    dataDir: env.REDLINE_DATA_DIR,
    deadlineMs: env.REDLINE_DEADLINE_MS,
    hedging: { afterMs: { check: env.REDLINE_HEDGE_CHECK_MS, v1: env.REDLINE_HEDGE_V1_MS } },
    model: env.REDLINE_MODEL,
    rollouts: rolloutOptionsFromEnv(env),
    logger,
  });
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    // Drain: stop accepting, finish in-flight work within the grace period, then stop watching endpoints.
    gateway
      .close()
      .then(() => endpointSource.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

await main();
