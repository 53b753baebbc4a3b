import { pino } from 'pino';
import { CliUsageError, parseCliArgs, USAGE } from './cli-options.ts';
import { startPods } from './pods.ts';

const log = pino({ name: 'redline-pod-sim' });

async function main(): Promise<void> {
  const options = parseCliArgs(process.argv.slice(2));
  if (!options) {
    console.log(USAGE);
    return;
  }
  const fleet = await startPods(options);
  for (const [i, pod] of fleet.pods.entries())
    log.info({ pod: i, url: pod.url, faults: pod.faults() }, 'pod ready');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    fleet.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'close failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof CliUsageError) {
    console.error(`redline-pod-sim: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  log.error({ err: error }, 'failed to start');
  process.exit(1);
});
