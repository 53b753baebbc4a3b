import { type ChildProcess, spawn } from 'node:child_process';

/** A child process the benchmark started and must stop, whatever happens. */
export interface Child {
  readonly name: string;
  readonly pid: number;
  alive(): boolean;
  stop(): Promise<void>;
}

export interface ChildOptions {
  env?: NodeJS.ProcessEnv;
  /** Run on these CPUs only (a taskset list, e.g. "1"); taskset execs the command, so the pid stays its own. */
  cpus?: string;
}

export function startChild(name: string, command: string, args: string[], options: ChildOptions = {}): Child {
  const { env, cpus } = options;
  const [file, argv] = cpus === undefined ? [command, args] : ['taskset', ['-c', cpus, command, ...args]];
  const proc: ChildProcess = spawn(file, argv, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.once('exit', (code, signal) => {
    if (code && code !== 0 && signal !== 'SIGTERM')
      console.error(`[${name}] exited ${code}: ${stderr.trim()}`);
  });
  if (proc.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  return {
    name,
    pid: proc.pid,
    alive: () => proc.exitCode === null && proc.signalCode === null,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
