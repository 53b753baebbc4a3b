import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Bucket boundaries copied in spirit from vllm/v1/metrics/loggers.py so dashboards read the same. */
export const TTFT_BUCKETS = [
  0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0,
  80.0, 160.0, 640.0, 2560.0,
];
export const ITL_BUCKETS = [
  0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0,
];
export const REQUEST_LATENCY_BUCKETS = [
  0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0,
  960.0, 1920.0, 7680.0,
];

/** vLLM's build_1_2_5_buckets(max_model_len): 1, 2, 5, 10, 20, 50, ... up to the context window. */
export function buckets125(max: number): number[] {
  const out: number[] = [];
  for (let scale = 1; ; scale *= 10) {
    for (const m of [1, 2, 5]) {
      if (m * scale > max) return out;
      out.push(m * scale);
    }
  }
}

export interface EngineGaugeSource {
  readonly running: number;
  readonly waiting: number;
  readonly kvCacheUsage: number;
}

/**
 * One Prometheus registry per pod with vLLM V1's metric names, labelled model_name and engine="0"
 * (vLLM labels every engine-core metric with its data-parallel engine index).
 */
export class PodMetrics {
  readonly registry = new Registry();
  private readonly labels: { model_name: string; engine: string };
  private readonly ttft: Histogram<'model_name' | 'engine'>;
  private readonly itl: Histogram<'model_name' | 'engine'>;
  private readonly e2e: Histogram<'model_name' | 'engine'>;
  private readonly queueTime: Histogram<'model_name' | 'engine'>;
  private readonly tpot: Histogram<'model_name' | 'engine'>;
  private readonly requestPromptTokens: Histogram<'model_name' | 'engine'>;
  private readonly requestGenerationTokens: Histogram<'model_name' | 'engine'>;
  private readonly success: Counter<'model_name' | 'engine' | 'finished_reason'>;
  private readonly promptTokens: Counter<'model_name' | 'engine'>;
  private readonly generationTokens: Counter<'model_name' | 'engine'>;

  constructor(modelName: string, source: EngineGaugeSource, maxModelLen = 8192) {
    const labels = { model_name: modelName, engine: '0' };
    this.labels = labels;
    const labelNames = ['model_name', 'engine'] as const;
    const registers = [this.registry];
    new Gauge({
      name: 'vllm:num_requests_running',
      help: 'Number of requests in model execution batches.',
      labelNames,
      registers,
      collect() {
        this.set(labels, source.running);
      },
    });
    new Gauge({
      name: 'vllm:num_requests_waiting',
      help: 'Number of requests waiting to be processed.',
      labelNames,
      registers,
      collect() {
        this.set(labels, source.waiting);
      },
    });
    new Gauge({
      name: 'vllm:kv_cache_usage_perc',
      help: 'KV-cache usage. 1 means 100 percent usage.',
      labelNames,
      registers,
      collect() {
        this.set(labels, source.kvCacheUsage);
      },
    });
    this.ttft = new Histogram({
      name: 'vllm:time_to_first_token_seconds',
      help: 'Histogram of time to first token in seconds.',
      labelNames,
      buckets: TTFT_BUCKETS,
      registers,
    });
    this.itl = new Histogram({
      name: 'vllm:inter_token_latency_seconds',
      help: 'Histogram of inter-token latency in seconds.',
      labelNames,
      buckets: ITL_BUCKETS,
      registers,
    });
    this.e2e = new Histogram({
      name: 'vllm:e2e_request_latency_seconds',
      help: 'Histogram of e2e request latency in seconds.',
      labelNames,
      buckets: REQUEST_LATENCY_BUCKETS,
      registers,
    });
    this.queueTime = new Histogram({
      name: 'vllm:request_queue_time_seconds',
      help: 'Histogram of time spent in WAITING phase for request.',
      labelNames,
      buckets: REQUEST_LATENCY_BUCKETS,
      registers,
    });
    this.tpot = new Histogram({
      name: 'vllm:time_per_output_token_seconds',
      help: 'Histogram of time per output token in seconds.',
      labelNames,
      buckets: ITL_BUCKETS,
      registers,
    });
    this.requestPromptTokens = new Histogram({
      name: 'vllm:request_prompt_tokens',
      help: 'Number of prefill tokens processed.',
      labelNames,
      buckets: buckets125(maxModelLen),
      registers,
    });
    this.requestGenerationTokens = new Histogram({
      name: 'vllm:request_generation_tokens',
      help: 'Number of generation tokens processed.',
      labelNames,
      buckets: buckets125(maxModelLen),
      registers,
    });
    const preemptions = new Counter({
      name: 'vllm:num_preemptions_total',
      help: 'Cumulative number of preemption from the engine.',
      labelNames,
      registers,
    });
    preemptions.inc(labels, 0); // the model reserves KV up front, so it never preempts
    this.success = new Counter({
      name: 'vllm:request_success_total',
      help: 'Count of successfully processed requests.',
      labelNames: ['model_name', 'engine', 'finished_reason'],
      registers,
    });
    this.promptTokens = new Counter({
      name: 'vllm:prompt_tokens_total',
      help: 'Number of prefill tokens processed.',
      labelNames,
      registers,
    });
    this.generationTokens = new Counter({
      name: 'vllm:generation_tokens_total',
      help: 'Number of generation tokens processed.',
      labelNames,
      registers,
    });
    // Series exist from the start (vLLM pre-creates them), so scrapers see zeros rather than gaps.
    for (const reason of ['stop', 'length', 'abort', 'error'])
      this.success.inc({ ...labels, finished_reason: reason }, 0);
    for (const h of [
      this.ttft,
      this.itl,
      this.e2e,
      this.queueTime,
      this.tpot,
      this.requestPromptTokens,
      this.requestGenerationTokens,
    ]) {
      h.zero(labels);
    }
    this.promptTokens.inc(labels, 0);
    this.generationTokens.inc(labels, 0);
  }

  observeFirstToken(ttftSeconds: number, queueSeconds: number, promptTokens: number): void {
    this.ttft.observe(this.labels, ttftSeconds);
    this.queueTime.observe(this.labels, queueSeconds);
    this.promptTokens.inc(this.labels, promptTokens);
  }

  observeTokens(count: number): void {
    if (count > 0) this.generationTokens.inc(this.labels, count);
  }

  observeInterToken(seconds: number): void {
    this.itl.observe(this.labels, seconds);
  }

  /**
   * A request ended. For completed requests, `detail` carries what vLLM records per finished request:
   * e2e latency, time to first token (for the mean time per output token) and token counts.
   */
  observeFinished(
    reason: 'stop' | 'length' | 'abort',
    detail?: { e2eSeconds: number; ttftSeconds: number; promptTokens: number; generationTokens: number },
  ): void {
    this.success.inc({ ...this.labels, finished_reason: reason });
    if (!detail) return;
    this.e2e.observe(this.labels, detail.e2eSeconds);
    this.requestPromptTokens.observe(this.labels, detail.promptTokens);
    this.requestGenerationTokens.observe(this.labels, detail.generationTokens);
    if (detail.generationTokens > 1) {
      this.tpot.observe(
        this.labels,
        (detail.e2eSeconds - detail.ttftSeconds) / (detail.generationTokens - 1),
      );
    }
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
