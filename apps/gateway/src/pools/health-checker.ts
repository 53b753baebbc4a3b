import type { EndpointSpec, RandomSource } from '@redline/router';
import type { Logger } from 'pino';
import { type Dispatcher, request } from 'undici';

export interface HealthCheckerOptions {
  dispatcher: Dispatcher;
  random: RandomSource;
  logger: Logger;
  onResult(endpointId: string, healthy: boolean): void;
  /** Mean interval between checks of one endpoint. Default 3000 ms. */
  intervalMs?: number;
  /** Each interval is scaled by uniform(1 - jitter, 1 + jitter) so checks do not synchronize. Default 0.2. */
  jitter?: number;
  /** A check slower than this counts as unhealthy. Default 1000 ms. */
  timeoutMs?: number;
}

/**
 * Active health checks: GET {endpoint}/health on a jittered interval, each endpoint on its own timer.
 * Passive signals (failures on real traffic) go to the router separately; this catches pods that get no traffic.
 */
export class HealthChecker {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly endpoints = new Map<string, EndpointSpec>();
  private readonly lastHealthy = new Map<string, boolean>();
  private stopped = false;

  constructor(private readonly options: HealthCheckerOptions) {}

  setEndpoints(endpoints: readonly EndpointSpec[]): void {
    const next = new Map(endpoints.map((e) => [e.id, e]));
    for (const id of this.endpoints.keys()) {
      if (!next.has(id)) {
        clearTimeout(this.timers.get(id));
        this.timers.delete(id);
        this.lastHealthy.delete(id);
      }
    }
    for (const [id, endpoint] of next) {
      const isNew = !this.endpoints.has(id);
      this.endpoints.set(id, endpoint);
      // First check soon (but spread out) so a dead pod is known before much traffic reaches it.
      if (isNew && !this.stopped) this.schedule(id, this.options.random() * 200);
    }
    for (const id of [...this.endpoints.keys()]) if (!next.has(id)) this.endpoints.delete(id);
  }

  /** Run one check now (tests, and readiness right after start). */
  async check(id: string): Promise<boolean> {
    const endpoint = this.endpoints.get(id);
    if (!endpoint) return false;
    const timeoutMs = this.options.timeoutMs ?? 1000;
    let healthy = false;
    try {
      const res = await request(`${endpoint.url}/health`, {
        dispatcher: this.options.dispatcher,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.body.dump();
      healthy = res.statusCode >= 200 && res.statusCode < 300;
    } catch {
      healthy = false;
    }
    if (this.stopped || !this.endpoints.has(id)) return healthy;
    if (this.lastHealthy.get(id) !== healthy) {
      this.options.logger.info({ endpoint: id, healthy }, 'endpoint health changed');
    }
    this.lastHealthy.set(id, healthy);
    this.options.onResult(id, healthy);
    return healthy;
  }

  /** Endpoints whose last check passed (unchecked ones are not counted). */
  healthyCount(): number {
    let n = 0;
    for (const healthy of this.lastHealthy.values()) if (healthy) n++;
    return n;
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(id: string, delayMs: number): void {
    const timer = setTimeout(async () => {
      await this.check(id);
      if (!this.stopped && this.endpoints.has(id)) this.schedule(id, this.nextInterval());
    }, delayMs);
    timer.unref();
    this.timers.set(id, timer);
  }

  private nextInterval(): number {
    const interval = this.options.intervalMs ?? 3000;
    const jitter = this.options.jitter ?? 0.2;
    return interval * (1 - jitter + 2 * jitter * this.options.random());
  }
}
