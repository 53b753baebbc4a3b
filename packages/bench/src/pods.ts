import { fileURLToPath } from 'node:url';
import { type Child, startChild } from './peers/child.ts';
import { freePortRange, waitForHttp } from './ports.ts';
import { NO_FAULTS, type PodFaults } from './scenarios.ts';

const podSimBin = fileURLToPath(new URL('../../../apps/pod-sim/bin/redline-pod-sim.js', import.meta.url));

export interface PodFleet {
  ports: number[];
  child: Child;
  setFaults(faults: PodFaults): Promise<void>;
  stop(): Promise<void>;
}

export interface PodFleetOptions {
  count: number;
  profile: string;
  maxNumSeqs: number;
  model: string;
}

/** Starts the pods in one child process (echo engine: CPU must go to the systems under test, not to Harper). */
export async function startPodFleet(options: PodFleetOptions): Promise<PodFleet> {
  const base = await freePortRange(options.count);
  const child = startChild('pods', process.execPath, [
    podSimBin,
    '--port',
    String(base),
    '--pods',
    String(options.count),
    '--engine',
    'echo',
    '--profile',
    options.profile,
    '--max-num-seqs',
    String(options.maxNumSeqs),
    '--model',
    options.model,
  ]);
  const ports = Array.from({ length: options.count }, (_, i) => base + i);
  try {
    for (const port of ports) await waitForHttp(`http://127.0.0.1:${port}/health`, 30_000, child.alive);
  } catch (err) {
    await child.stop();
    throw err;
  }
  return {
    ports,
    child,
    async setFaults(faults) {
      await Promise.all(
        ports.map(async (port, i) => {
          const res = await fetch(`http://127.0.0.1:${port}/admin/faults`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ ...NO_FAULTS, ...faults[i] }),
          });
          if (!res.ok) throw new Error(`pod ${port}: /admin/faults answered ${res.status}`);
        }),
      );
    },
    stop: () => child.stop(),
  };
}
