import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PodFleet, startPods, tokenize } from '../src/index.ts';
import { chatBody, metricValue, postJson, waitFor } from './helpers.ts';

let fleet: PodFleet;

beforeAll(async () => {
  fleet = await startPods({ count: 2, engine: 'echo', profile: 'l40s-llama3-8b', timeScale: 0.25 });
});
afterAll(async () => {
  await fleet?.close();
});

const scrape = async (url: string) => {
  const res = await fetch(`${url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
};

const NAMES = [
  'vllm:num_requests_running',
  'vllm:num_requests_waiting',
  'vllm:kv_cache_usage_perc',
  'vllm:time_to_first_token_seconds',
  'vllm:inter_token_latency_seconds',
  'vllm:e2e_request_latency_seconds',
  'vllm:request_success_total',
  'vllm:prompt_tokens_total',
  'vllm:generation_tokens_total',
  'vllm:time_per_output_token_seconds',
  'vllm:request_prompt_tokens',
  'vllm:request_generation_tokens',
  'vllm:num_preemptions_total',
];

describe('GET /metrics', () => {
  it('exposes vLLM’s metric names with the right types and labels', async () => {
    const text = await scrape(fleet.pods[0]!.url);
    for (const name of NAMES) expect(text).toContain(`# TYPE ${name} `);
    expect(text).toContain('# TYPE vllm:num_requests_running gauge');
    expect(text).toContain('# TYPE vllm:time_to_first_token_seconds histogram');
    expect(text).toContain('# TYPE vllm:request_success_total counter');
    expect(text).toMatch(/vllm:num_requests_running\{model_name="redline\/harper-gec",engine="0"\} 0/);
    expect(text).toContain('vllm:time_to_first_token_seconds_bucket{le="0.001"');
    expect(text).toContain('vllm:e2e_request_latency_seconds_bucket{le="7680"');
  });

  it('changes as requests run: counters, histograms and live gauges', async () => {
    const url = fleet.pods[0]!.url;
    const before = await scrape(url);
    const long = 'word '.repeat(200);
    const n = tokenize(long).length;
    // Four concurrent long requests: scrape while they run, then after they finish.
    const running = Array.from({ length: 4 }, () =>
      postJson(`${url}/v1/chat/completions`, chatBody(long)).then((r) => r.json()),
    );
    let during = '';
    const sawAll = await waitFor(async () => {
      during = await scrape(url);
      return metricValue(during, 'vllm:num_requests_running') === 4;
    });
    expect(sawAll).toBe(true);
    expect(metricValue(during, 'vllm:kv_cache_usage_perc')).toBeGreaterThan(0);
    await Promise.all(running);
    const after = await scrape(url);
    expect(metricValue(after, 'vllm:num_requests_running')).toBe(0);
    expect(metricValue(after, 'vllm:kv_cache_usage_perc')).toBe(0);
    const delta = (name: string, filter = '') =>
      metricValue(after, name, filter) - metricValue(before, name, filter);
    expect(delta('vllm:request_success_total', 'finished_reason="stop"')).toBe(4);
    expect(delta('vllm:generation_tokens_total')).toBe(4 * n);
    expect(delta('vllm:prompt_tokens_total')).toBeGreaterThan(4 * n);
    expect(delta('vllm:time_to_first_token_seconds_count')).toBe(4);
    expect(delta('vllm:e2e_request_latency_seconds_count')).toBe(4);
    expect(delta('vllm:inter_token_latency_seconds_count')).toBe(4 * (n - 1));
    expect(delta('vllm:request_generation_tokens_sum')).toBe(4 * n);
    expect(delta('vllm:time_per_output_token_seconds_count')).toBe(4);
    // Mean time per output token ≥ the modelled step (22.4 ms × timeScale 0.25).
    expect(delta('vllm:time_per_output_token_seconds_sum') / 4).toBeGreaterThan(0.0224 * 0.25);
    const stats = fleet.pods[0]!.stats();
    expect(stats.steps).toBeGreaterThanOrEqual(n);
    expect(stats.stepLagMsMax).toBeGreaterThanOrEqual(stats.stepLagMsMean);
    // n steps of ≥ 22.4 ms modelled, at timeScale 0.25, per request.
    expect(delta('vllm:e2e_request_latency_seconds_sum')).toBeGreaterThan((4 * n * 22.4 * 0.25) / 1000);
  });

  it('queues beyond max_num_seqs and reports waiting requests', async () => {
    const fleet2 = await startPods({ count: 1, engine: 'echo', maxNumSeqs: 2, timeScale: 0.25 });
    try {
      const url = fleet2.pods[0]!.url;
      const long = 'word '.repeat(150);
      const all = Array.from({ length: 5 }, () => postJson(`${url}/v1/chat/completions`, chatBody(long)));
      let during = '';
      const queued = await waitFor(async () => {
        during = await scrape(url);
        return metricValue(during, 'vllm:num_requests_waiting') === 3;
      });
      expect(queued).toBe(true);
      expect(metricValue(during, 'vllm:num_requests_running')).toBe(2);
      expect(metricValue(during, 'vllm:num_requests_waiting')).toBe(3);
      expect(fleet2.pods[0]!.stats()).toMatchObject({ running: 2, waiting: 3 });
      await Promise.all((await Promise.all(all)).map((r) => r.arrayBuffer()));
    } finally {
      await fleet2.close();
    }
  });

  it('keeps a separate registry per pod', async () => {
    const [a, b] = fleet.pods;
    const before = metricValue(await scrape(b!.url), 'vllm:request_success_total');
    await (await postJson(`${a!.url}/v1/chat/completions`, chatBody('Only pod A.'))).arrayBuffer();
    expect(metricValue(await scrape(b!.url), 'vllm:request_success_total')).toBe(before);
  });
});
