/** redline-autoscaler: calibrate | simulate | controller. */
import { CALIBRATE_HELP, calibrateCommand } from './cli/calibrate-command.ts';
import { CONTROLLER_HELP, controllerCommand } from './cli/controller-command.ts';
import { UsageError } from './cli/parse-flags.ts';
import { SIMULATE_HELP, simulateCommand } from './cli/simulate-command.ts';

const USAGE = `redline-autoscaler <command> [options]

Commands:
  calibrate    measure the per-pod concurrency that meets the p99 SLO against one pod
  simulate     compare KPA, HPA and redline on traces in fleet-sim
  controller   run the Kubernetes autoscaling controller

Run "redline-autoscaler <command> --help" for a command's options.
`;

const HELP: Record<string, string> = {
  calibrate: CALIBRATE_HELP,
  simulate: SIMULATE_HELP,
  controller: CONTROLLER_HELP,
};

export async function main(argv: readonly string[], log: (line: string) => void = console.log): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    log(USAGE);
    return command === undefined ? 2 : 0;
  }
  const help = HELP[command];
  if (!help) {
    console.error(`unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    log(help);
    return 0;
  }
  try {
    if (command === 'calibrate') await calibrateCommand(rest, log);
    else if (command === 'simulate') await simulateCommand(rest, log);
    else await controllerCommand(rest, log);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`redline-autoscaler ${command}: ${err.message}\n\n${help}`);
      return 2;
    }
    console.error(`redline-autoscaler ${command}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
