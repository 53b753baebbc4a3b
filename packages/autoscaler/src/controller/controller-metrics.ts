import { Counter, Gauge, Registry } from 'prom-client';

export type Direction = 'up' | 'down' | 'none';

/** The controller's own metrics, on a private Registry so they never mix with anything else in the process. */
export class ControllerMetrics {
  readonly registry = new Registry();
  readonly desired: Gauge;
  readonly ready: Gauge;
  readonly starting: Gauge;
  readonly inPanic: Gauge;
  readonly leader: Gauge;
  readonly hpaConflict: Gauge;
  readonly stableConcurrency: Gauge;
  readonly panicConcurrency: Gauge;
  readonly decisions: Counter<'direction'>;
  readonly scrapeErrors: Counter;
  readonly scaleErrors: Counter;

  constructor(deployment: string) {
    this.registry.setDefaultLabels({ deployment });
    const r = [this.registry];
    this.desired = new Gauge({
      name: 'redline_autoscaler_desired_pods',
      help: 'Pods wanted (clamped)',
      registers: r,
    });
    this.ready = new Gauge({ name: 'redline_autoscaler_ready_pods', help: 'Ready model pods', registers: r });
    this.starting = new Gauge({
      name: 'redline_autoscaler_starting_pods',
      help: 'Model pods not ready yet',
      registers: r,
    });
    this.inPanic = new Gauge({
      name: 'redline_autoscaler_in_panic',
      help: '1 while the decider panics',
      registers: r,
    });
    this.leader = new Gauge({
      name: 'redline_autoscaler_leader',
      help: '1 while this instance holds the lease',
      registers: r,
    });
    this.hpaConflict = new Gauge({
      name: 'redline_autoscaler_hpa_conflict',
      help: '1 while an HPA targets the same Deployment (the controller then refuses to act)',
      registers: r,
    });
    this.stableConcurrency = new Gauge({
      name: 'redline_autoscaler_stable_concurrency',
      help: 'Total in-flight requests averaged over the stable window',
      registers: r,
    });
    this.panicConcurrency = new Gauge({
      name: 'redline_autoscaler_panic_concurrency',
      help: 'Total in-flight requests averaged over the panic window',
      registers: r,
    });
    this.decisions = new Counter({
      name: 'redline_autoscaler_decisions_total',
      help: 'Scaling decisions taken while leading, by direction',
      labelNames: ['direction'],
      registers: r,
    });
    for (const direction of ['up', 'down', 'none']) this.decisions.inc({ direction }, 0);
    this.scrapeErrors = new Counter({
      name: 'redline_autoscaler_scrape_errors_total',
      help: 'Ticks whose concurrency read failed (partially or fully)',
      registers: r,
    });
    this.scaleErrors = new Counter({
      name: 'redline_autoscaler_scale_errors_total',
      help: 'Failed reads or patches of the Deployment scale',
      registers: r,
    });
  }
}
