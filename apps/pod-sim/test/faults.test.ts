import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_FAULTS, type PodFleet, type PodHandle, startPod, startPods } from '../src/index.ts';
import {
  type Completion,
  chatBody,
  type ErrorBody,
  metricValue,
  postJson,
  rawPost,
  readSseUntilEnd,
  waitFor,
} from './helpers.ts';

let fleet: PodFleet;
let pod: PodHandle;

beforeAll(async () => {
  fleet = await startPods({ count: 1, engine: 'echo', profile: 'l40s-llama3-8b', timeScale: 0.25 });
  pod = fleet.pods[0]!;
});
afterAll(async () => {
  await fleet?.close();
});
beforeEach(() => {
  pod.setFaults({ ...DEFAULT_FAULTS });
});

const TEXT = 'One two three four five six seven eight nine ten eleven twelve.';

async function timedChat(url: string): Promise<number> {
  const t0 = performance.now();
  // ~45 tokens: generation time dominates HTTP overhead even on a busy machine.
  const res = await postJson(`${url}/v1/chat/completions`, chatBody(TEXT.repeat(3)));
  expect(res.status).toBe(200);
  await res.arrayBuffer();
  return performance.now() - t0;
}

describe('fault admin API', () => {
  it('GET returns the current faults; POST merges a validated partial update', async () => {
    expect(await (await fetch(`${pod.url}/admin/faults`)).json()).toEqual(DEFAULT_FAULTS);
    const res = await postJson(`${pod.url}/admin/faults`, { errorRate: 0.25, unhealthy: true });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ errorRate: 0.25, unhealthy: true, slowdown: 1 });
    expect(pod.faults()).toMatchObject({ errorRate: 0.25, unhealthy: true });
  });

  it('rejects invalid faults with a 400 and leaves them unchanged', async () => {
    for (const bad of [
      { errorRate: 2 },
      { slowdown: 0 },
      { hang: 'yes' },
      { crashAfterTokens: -1 },
      { nope: 1 },
    ]) {
      const res = await postJson(`${pod.url}/admin/faults`, bad);
      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorBody).error.type).toBe('BadRequestError');
    }
    expect(pod.faults()).toEqual(DEFAULT_FAULTS);
    expect(() => pod.setFaults({ degrade: -1 })).toThrow();
  });
});

describe('faults', () => {
  it('unhealthy: /health answers 503, and 200 again once cleared', async () => {
    pod.setFaults({ unhealthy: true });
    expect((await fetch(`${pod.url}/health`)).status).toBe(503);
    pod.setFaults({ unhealthy: false });
    expect((await fetch(`${pod.url}/health`)).status).toBe(200);
  });

  it('errorRate 1: every completion fails fast with a vLLM-shaped 503, before reaching the engine', async () => {
    pod.setFaults({ errorRate: 1 });
    const stepsBefore = pod.stats().steps;
    for (const stream of [false, true]) {
      const res = await postJson(`${pod.url}/v1/chat/completions`, chatBody(TEXT, { stream }));
      expect(res.status).toBe(503);
      const body = (await res.json()) as ErrorBody;
      expect(body.error).toMatchObject({ code: 503, type: 'ServiceUnavailableError' });
    }
    expect(pod.stats().steps).toBe(stepsBefore);
    expect(pod.stats().faulted503).toBeGreaterThanOrEqual(2);
  });

  it('errorRate is a probability drawn from the injected random source', async () => {
    const seq = [0.1, 0.9, 0.1, 0.9];
    let i = 0;
    const p = await startPod({ engine: 'echo', timeScale: 0.1, random: () => seq[i++ % seq.length]! });
    try {
      p.setFaults({ errorRate: 0.5 });
      const statuses: number[] = [];
      for (let k = 0; k < 4; k++) {
        const res = await postJson(`${p.url}/v1/chat/completions`, chatBody('Hi there.'));
        await res.arrayBuffer();
        statuses.push(res.status);
      }
      expect(statuses).toEqual([503, 200, 503, 200]);
    } finally {
      await p.close();
    }
  });

  it('slowdown multiplies generation time', async () => {
    await timedChat(pod.url); // warm
    const normal = await timedChat(pod.url);
    pod.setFaults({ slowdown: 4 });
    const slow = await timedChat(pod.url);
    expect(slow).toBeGreaterThan(normal * 2);
  });

  it('crashAfterTokens: the stream dies after k tokens without [DONE]', async () => {
    pod.setFaults({ crashAfterTokens: 3 });
    const { status, text, broken } = await rawPost(
      `${pod.url}/v1/chat/completions`,
      chatBody(TEXT, { stream: true }),
    );
    expect(status).toBe(200);
    expect(broken).toBe(true);
    expect(text).not.toContain('[DONE]');
    const contents = text
      .split('\n\n')
      .filter((l) => l.startsWith('data: {'))
      .map((l) => (JSON.parse(l.slice(6)) as Completion).choices[0]?.delta?.content ?? '');
    expect(contents.join('')).toBe('One two three');
    expect(pod.stats().crashed).toBeGreaterThan(0);
  });

  it('crashAfterTokens on a non-streaming request drops the connection', async () => {
    pod.setFaults({ crashAfterTokens: 2 });
    await expect(postJson(`${pod.url}/v1/chat/completions`, chatBody(TEXT))).rejects.toThrow();
    // The pod keeps serving once the fault is cleared.
    pod.setFaults({ crashAfterTokens: null });
    expect((await postJson(`${pod.url}/v1/chat/completions`, chatBody('Fine.'))).status).toBe(200);
  });

  it('hang: accepts but never answers; close() still shuts down promptly', async () => {
    const p = await startPod({ engine: 'echo', faults: { hang: true } });
    const pending = postJson(`${p.url}/v1/chat/completions`, chatBody(TEXT)).then(
      (r) => r.status,
      () => 'failed',
    );
    const raced = await Promise.race([pending, new Promise((r) => setTimeout(() => r('timeout'), 300))]);
    expect(raced).toBe('timeout');
    expect(p.stats().inFlight).toBe(1);
    const t0 = performance.now();
    await p.close();
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(await pending).toBe('failed');
  });
});

describe('client disconnects', () => {
  it('a client that goes away mid-stream frees its engine slot (vLLM aborts the request)', async () => {
    const controller = new AbortController();
    const res = await fetch(`${pod.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(chatBody(TEXT.repeat(20), { stream: true })),
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    expect(pod.stats().running).toBe(1);
    const abortedBefore = pod.stats().aborted;
    controller.abort();
    await reader.read().catch(() => undefined);
    expect(await waitFor(() => pod.stats().running === 0 && pod.stats().aborted === abortedBefore + 1)).toBe(
      true,
    );
    const metrics = await (await fetch(`${pod.url}/metrics`)).text();
    expect(metricValue(metrics, 'vllm:request_success_total', 'finished_reason="abort"')).toBeGreaterThan(0);
  });
});

describe('graceful close', () => {
  it('ends in-flight streams and refuses new connections', async () => {
    const p = await startPod({ engine: 'echo' });
    const res = await postJson(`${p.url}/v1/chat/completions`, chatBody(TEXT.repeat(5), { stream: true }));
    const reading = readSseUntilEnd(res);
    await new Promise((r) => setTimeout(r, 60));
    await p.close();
    const { text } = await reading;
    expect(text).toContain('"role":"assistant"');
    expect(text).not.toContain('[DONE]');
    await expect(fetch(`${p.url}/health`)).rejects.toThrow();
    await p.close(); // idempotent
  });
});
