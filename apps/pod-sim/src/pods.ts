import type { Faults } from './faults.ts';
import { type PodHandle, type PodOptions, startPod } from './pod.ts';

export interface StartPodsOptions extends Omit<PodOptions, 'port' | 'faults'> {
  count: number;
  /** First port; pods take consecutive ports. 0 (default) = every pod gets its own ephemeral port. */
  port?: number;
  /** Same faults for every pod, or one entry per pod (index i → pod i). */
  faults?: Partial<Faults> | readonly Partial<Faults>[];
}

export interface PodFleet {
  pods: PodHandle[];
  close(): Promise<void>;
}

/** Start `count` pods; if any fails to start, the ones already started are closed and the error rethrown. */
export async function startPods(options: StartPodsOptions): Promise<PodFleet> {
  const { count, port = 0, faults, ...rest } = options;
  if (!(Number.isInteger(count) && count > 0))
    throw new RangeError(`count must be a positive integer, got ${count}`);
  const pods: PodHandle[] = [];
  const close = async () => {
    await Promise.all(pods.map((p) => p.close()));
  };
  try {
    for (let i = 0; i < count; i++) {
      const podFaults = Array.isArray(faults) ? faults[i] : (faults as Partial<Faults> | undefined);
      pods.push(await startPod({ ...rest, port: port === 0 ? 0 : port + i, faults: podFaults ?? {} }));
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { pods, close };
}
