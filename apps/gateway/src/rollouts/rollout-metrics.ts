import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Same buckets as the gateway's request latency: fine around the 1 s p99 objective. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2.5, 5, 10];

/** Prometheus metrics of rollouts, registered on the gateway's own registry (served on /metrics). */
export class RolloutMetrics {
  readonly shadowRequests: Counter<'candidate' | 'outcome'>;
  readonly shadowAgreement: Counter<'candidate' | 'result'>;
  readonly shadowLatency: Histogram<'candidate'>;
  readonly canaryRequests: Counter<'candidate' | 'outcome'>;
  readonly canaryLatency: Histogram<'candidate'>;
  readonly canaryPercent: Gauge<'candidate'>;
  readonly autoRollbacks: Counter<'candidate'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.shadowRequests = new Counter({
      name: 'redline_gateway_rollout_shadow_requests_total',
      help: 'Segments mirrored to a shadow candidate by outcome (ok, error, dropped = over the shadow cap).',
      labelNames: ['candidate', 'outcome'] as const,
      registers,
    });
    this.shadowAgreement = new Counter({
      name: 'redline_gateway_rollout_shadow_agreement_total',
      help: 'Mirrored segments whose corrected text matched (match) or differed from (mismatch) the serving model.',
      labelNames: ['candidate', 'result'] as const,
      registers,
    });
    this.shadowLatency = new Histogram({
      name: 'redline_gateway_rollout_shadow_latency_seconds',
      help: "Latency of the shadow candidate's answer to a mirrored segment.",
      labelNames: ['candidate'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.canaryRequests = new Counter({
      name: 'redline_gateway_rollout_canary_requests_total',
      help: 'Uncached correct.check segments served by a canary candidate, by outcome (ok or error).',
      labelNames: ['candidate', 'outcome'] as const,
      registers,
    });
    this.canaryLatency = new Histogram({
      name: 'redline_gateway_rollout_canary_latency_seconds',
      help: 'Latency of uncached correct.check segments served by a canary candidate.',
      labelNames: ['candidate'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.canaryPercent = new Gauge({
      name: 'redline_gateway_rollout_canary_percent',
      help: 'Share of API keys (percent) the candidate serves; 0 in shadow.',
      labelNames: ['candidate'] as const,
      registers,
    });
    this.autoRollbacks = new Counter({
      name: 'redline_gateway_rollout_auto_rollbacks_total',
      help: 'Canaries rolled back by this gateway because they breached the SLO.',
      labelNames: ['candidate'] as const,
      registers,
    });
  }
}
