/** redline-autoscaler: calibrate | simulate | controller. Commands are imported on use, so --help is instant. */
import { UsageError } from './parse-flags.ts';

export const USAGE = `redline-autoscaler <command> [options]

Commands:
  calibrate    measure the per-pod concurrency that meets the p99 SLO against one pod
  simulate     compare KPA, HPA and redline on traces in fleet-sim
  controller   run the Kubernetes autoscaling controller

Run "redline-autoscaler <command> --help" for a command's options.
`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

interface Command {
  help: string;
  run: (argv: readonly string[], log: (line: string) => void) => Promise<void>;
}

const COMMANDS: Record<string, () => Promise<Command>> = {
  calibrate: async () => {
    const m = await import('./calibrate-command.ts');
    return { help: m.CALIBRATE_HELP, run: m.calibrateCommand };
  },
  simulate: async () => {
    const m = await import('./simulate-command.ts');
    return { help: m.SIMULATE_HELP, run: m.simulateCommand };
  },
  controller: async () => {
    const m = await import('./controller-command.ts');
    return { help: m.CONTROLLER_HELP, run: m.controllerCommand };
  },
};

/** Runs the CLI; resolves to the process exit code (0 ok, 1 failure, 2 usage error). */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.err(`unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.help);
    return 0;
  }
  try {
    await command.run(rest, io.out);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`redline-autoscaler ${name}: ${err.message}\n\n${command.help}`);
      return 2;
    }
    io.err(`redline-autoscaler ${name}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
