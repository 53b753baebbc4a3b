import { describe, expect, it } from 'vitest';
import { startPod, startPods } from '../src/index.ts';

describe('startPod / startPods options', () => {
  it('rejects invalid options before binding anything', async () => {
    await expect(startPods({ count: 0, engine: 'echo' })).rejects.toThrow(RangeError);
    await expect(startPod({ engine: 'echo', profile: 'a100-gpt' })).rejects.toThrow(/unknown profile/);
    await expect(startPod({ engine: 'echo', maxNumSeqs: 0 })).rejects.toThrow(RangeError);
    await expect(startPod({ engine: 'echo', timeScale: 0 })).rejects.toThrow(RangeError);
    await expect(startPod({ engine: 'echo', faults: { errorRate: 2 } })).rejects.toThrow();
  });

  it('fails with EADDRINUSE on a taken port and closes the pods it already started', async () => {
    const taken = await startPod({ engine: 'echo' });
    try {
      await expect(startPods({ count: 2, port: taken.port, engine: 'echo' })).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
    } finally {
      await taken.close();
    }
  });

  it('applies per-pod start-up faults and a custom model name', async () => {
    const fleet = await startPods({
      count: 2,
      engine: 'echo',
      modelName: 'acme/gec',
      faults: [{ slowdown: 2 }, { unhealthy: true }],
    });
    try {
      expect(fleet.pods[0]!.faults().slowdown).toBe(2);
      expect(fleet.pods[1]!.faults().unhealthy).toBe(true);
      const models = (await (await fetch(`${fleet.pods[0]!.url}/v1/models`)).json()) as {
        data: { id: string }[];
      };
      expect(models.data[0]!.id).toBe('acme/gec');
    } finally {
      await fleet.close();
    }
  });
});
