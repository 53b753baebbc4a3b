import { UsageError } from './cli/args.ts';
import { gateCommand, hypM2Command, rolloutCommand, runCommand, scoreCommand } from './cli/commands.ts';
import { HARNESS_ERROR_EXIT } from './gate/verdict.ts';

const USAGE = `redline-eval — GEC metrics, eval runs and the rollout gate

  redline-eval score m2 --gold G.m2 --hyp H.txt [--json]
  redline-eval score errant --gold G.m2 --hyp H.m2 [--mode cs|cse|ds|dt] [--json]
  redline-eval score gleu --src S --ref R0 [R1 ...] --hyp H [--json]
  redline-eval hyp-m2 --src S --hyp H [--tokenized]
  redline-eval run --endpoint URL --model M [--dataset D] [--refs R...] [--concurrency 8] [--deadline-ms 10000]
                   [--retries 2] [--out runs/NAME] [--limit N] [--api-key K]
  redline-eval gate --baseline RUN --candidate RUN [--max-drop 0.02] [--confidence 0.95]
                    [--max-latency-ratio 1.2] [--resamples 1000] [--seed 1] [--report-dir DIR] [--json]
  redline-eval rollout start|advance|status|rollback [--id ID] [--candidate M --baseline M] [--reason R]
                    [--gate-report RUN/gate/gate.json]
                    [--gateway URL] [--admin-token T]
Exit codes: 0 ok/PASS, 1 FAIL, 3 INCONCLUSIVE, 2 harness error.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'score':
      return scoreCommand(rest);
    case 'hyp-m2':
      return hypM2Command(rest);
    case 'run':
      return runCommand(rest);
    case 'gate':
      return gateCommand(rest);
    case 'rollout':
      return rolloutCommand(rest);
    case undefined:
    case '--help':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? HARNESS_ERROR_EXIT : 0;
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  process.stderr.write(`redline-eval: ${message}\n`);
  if (err instanceof UsageError) process.stderr.write(`${USAGE}\n`);
  process.exitCode = HARNESS_ERROR_EXIT;
}
