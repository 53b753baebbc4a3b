import { drawLength, type LengthRange } from './lengths.ts';
import { seededRandom } from './poisson.ts';
import { ChatClient } from './stream-request.ts';

export interface CapacityOptions {
  podPorts: readonly number[];
  model: string;
  prompt: string;
  /** The requests' lengths, drawn as the measured load draws them. */
  lengths: LengthRange;
  /** Concurrent requests per pod: the pod's batch limit, so every pod runs full without queueing. */
  concurrencyPerPod: number;
  durationMs: number;
}

/**
 * The fleet's sustainable throughput: every pod is driven directly by a closed loop at its batch limit, so there is
 * no balancing loss; the sum of completions per second is the capacity that offered loads are a percentage of.
 */
export async function measureCapacity(options: CapacityOptions): Promise<number> {
  const until = performance.now() + options.durationMs;
  const counts = await Promise.all(
    options.podPorts.map(async (port, podIndex) => {
      const random = seededRandom(podIndex + 1);
      const client = new ChatClient(
        { baseUrl: `http://127.0.0.1:${port}`, apiPrefix: '/v1', model: options.model },
        options.concurrencyPerPod,
      );
      let completed = 0;
      const worker = async () => {
        while (performance.now() < until) {
          const maxTokens = drawLength(options.lengths, random);
          const r = await client.send(options.prompt, maxTokens, performance.now(), 10_000);
          if (r.ok) completed++;
        }
      };
      await Promise.all(Array.from({ length: options.concurrencyPerPod }, worker));
      await client.close();
      return completed;
    }),
  );
  const total = counts.reduce((a, b) => a + b, 0);
  return total / (options.durationMs / 1000);
}
