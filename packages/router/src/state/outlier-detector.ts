/**
 * Passive outlier detection, modelled on Envoy's outlier_detection:
 *  - consecutive failures (connect, 5xx, timeout, reset; never 'cancelled') eject at once;
 *  - every interval, success-rate ejection (below mean − stdevFactor × stdev among hosts with enough volume,
 *    at least successRateMinimumHosts of them; skipped when the rest of the pool would then be above
 *    successRateMaxLoadAfterEjection of its batch slots) and failure-percentage ejection (above the threshold);
 *  - ejection lasts base × times ejected, capped at maxEjectionMs; the multiplier decays by one for every
 *    interval the endpoint spends un-ejected, so an endpoint that recovered is judged leniently again;
 *  - an endpoint ejected for partial failure is readmitted early once the others fill past
 *    successRateMaxLoadAfterEjection of their slots (checked once a second): it still serves most requests,
 *    and an ejection from a quiet hour must not keep it out through the next rush (ejection time grows).
 *    Partial: a low success rate, or a streak of 5xx answers from a pod whose recent success share is at least
 *    half — at 20 % errors, 5 in a row start once in ~3,900 requests, and a 30 s ejection of 1 pod in 8 at
 *    85 % load puts the rest at 97 %. A streak with a connect error, timeout or reset (a dead or hung pod)
 *    stays out its whole time;
 *  - at most maxEjectionPercent of the non-terminating endpoints are ejected at once, but at least one is
 *    allowed (Envoy also ejects one host regardless of the percentage): with 10 % of a 5-pod pool the cap
 *    would be 0 and a dead pod would keep taking 1/5 of the traffic.
 * No timers: tick(now) runs due un-ejections and the interval evaluation lazily from pick()/finish().
 */
import type { OutlierConfig } from '../config.ts';
import type { FailureReason } from '../types.ts';
import type { EndpointPool } from './endpoint-pool.ts';
import type { EndpointState } from './endpoint-state.ts';

/** How often success-rate ejections are weighed against the pool's load. */
const CAPACITY_CHECK_MS = 1_000;

export class OutlierDetector {
  private readonly ejected: EndpointState[] = [];
  private nextUnejectAt = Number.POSITIVE_INFINITY;
  private nextEvaluationAt: number;
  private nextCapacityCheckAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly config: OutlierConfig,
    private readonly pool: EndpointPool,
    now: number,
    /** Share of the batch slots the eligible endpoints, less `leaving` of them, would fill; NaN if unknown. */
    private readonly poolLoad: (leaving: number) => number = () => Number.NaN,
  ) {
    this.nextEvaluationAt = now + config.intervalMs;
  }

  onSuccess(ep: EndpointState): void {
    ep.consecutiveFailures = 0;
    ep.consecutiveSilentFailures = 0;
    ep.intervalSuccesses++;
  }

  onFailure(ep: EndpointState, now: number, reason: FailureReason): void {
    ep.consecutiveFailures++;
    if (reason !== 'http-5xx') ep.consecutiveSilentFailures++;
    ep.intervalFailures++;
    const limit = this.config.consecutiveFailures;
    if (limit > 0 && ep.consecutiveFailures >= limit) {
      this.eject(ep, now, ep.consecutiveSilentFailures === 0 && servesMostRequests(ep));
    }
  }

  tick(now: number): void {
    if (now >= this.nextUnejectAt) this.unejectDue(now);
    if (now >= this.nextEvaluationAt) this.evaluate(now);
    if (this.ejected.length > 0 && now >= this.nextCapacityCheckAt) this.readmitUnderLoad(now);
  }

  /** Readmit success-rate ejections while the rest of the pool is too full to do without them. */
  private readmitUnderLoad(now: number): void {
    this.nextCapacityCheckAt = now + CAPACITY_CHECK_MS;
    if (!this.ejected.some((ep) => ep.readmitWhenFull)) return;
    if (!(this.poolLoad(0) > this.config.successRateMaxLoadAfterEjection)) return;
    for (let i = this.ejected.length - 1; i >= 0; i--) {
      const ep = this.ejected[i]!;
      if (ep.readmitWhenFull) this.readmit(i, now);
    }
    this.nextUnejectAt = this.ejected.reduce(
      (m, ep) => Math.min(m, ep.ejectedUntil),
      Number.POSITIVE_INFINITY,
    );
  }

  private readmit(index: number, now: number): void {
    const ep = this.ejected[index]!;
    ep.ejectedUntil = 0;
    ep.readmitWhenFull = false;
    ep.ejectionEndedAt = now;
    ep.consecutiveFailures = 0;
    ep.consecutiveSilentFailures = 0;
    this.ejected.splice(index, 1);
    this.pool.refresh(ep);
  }

  /** Endpoints ejected now that count against the cap (terminating ones are leaving anyway). */
  ejectedCount(): number {
    let count = 0;
    for (const ep of this.ejected) if (!ep.terminating) count++;
    return count;
  }

  maxEjected(): number {
    const percent = this.config.maxEjectionPercent;
    if (percent <= 0) return 0;
    return Math.max(1, Math.floor((this.pool.active.length * percent) / 100));
  }

  /** Eject ep if the cap allows; returns whether it is now ejected. */
  eject(ep: EndpointState, now: number, partial = false): boolean {
    if (ep.ejectedUntil !== 0) return true;
    if (ep.terminating || this.ejectedCount() >= this.maxEjected()) return false;
    ep.timesEjected++;
    ep.ejections++;
    ep.readmitWhenFull = partial;
    const duration = Math.min(
      this.config.baseEjectionMs * ep.timesEjected,
      Math.max(this.config.baseEjectionMs, this.config.maxEjectionMs),
    );
    ep.ejectedUntil = now + duration;
    ep.consecutiveFailures = 0;
    ep.consecutiveSilentFailures = 0;
    this.ejected.push(ep);
    if (ep.ejectedUntil < this.nextUnejectAt) this.nextUnejectAt = ep.ejectedUntil;
    this.pool.refresh(ep);
    return true;
  }

  private unejectDue(now: number): void {
    let next = Number.POSITIVE_INFINITY;
    for (let i = this.ejected.length - 1; i >= 0; i--) {
      const ep = this.ejected[i]!;
      if (ep.ejectedUntil <= now) {
        this.readmit(i, now);
      } else if (ep.ejectedUntil < next) {
        next = ep.ejectedUntil;
      }
    }
    this.nextUnejectAt = next;
  }

  private evaluate(now: number): void {
    const c = this.config;
    const rates: number[] = [];
    const judged: EndpointState[] = [];
    for (const ep of this.pool.active) {
      const total = ep.intervalSuccesses + ep.intervalFailures;
      if (ep.ejectedUntil !== 0) continue;
      // Decay only after a whole interval un-ejected (as Envoy: not in the pass that un-ejects it).
      if (ep.timesEjected > 0 && now - ep.ejectionEndedAt >= c.intervalMs) ep.timesEjected--;
      if (
        total >= c.failurePercentageRequestVolume &&
        (ep.intervalFailures * 100) / total > c.failurePercentageThreshold
      ) {
        this.eject(ep, now);
        continue;
      }
      if (total >= c.successRateRequestVolume) {
        rates.push(ep.intervalSuccesses / total);
        judged.push(ep);
      }
    }
    if (judged.length >= c.successRateMinimumHosts) {
      let mean = 0;
      for (const r of rates) mean += r;
      mean /= rates.length;
      let variance = 0;
      for (const r of rates) variance += (r - mean) ** 2;
      const limit = mean - c.successRateStdevFactor * Math.sqrt(variance / rates.length);
      for (let i = 0; i < judged.length; i++) {
        if (!(rates[i]! < limit)) continue;
        // A below-average host still serves most of its requests: keep it when the others could not
        // absorb its share without queueing (a dead or failing-most host goes by the other two checks).
        if (this.poolLoad(1) > c.successRateMaxLoadAfterEjection) continue;
        this.eject(judged[i]!, now, true);
      }
    }
    for (const ep of this.pool.byId.values()) {
      ep.lastIntervalSuccesses = ep.intervalSuccesses;
      ep.lastIntervalFailures = ep.intervalFailures;
      ep.intervalSuccesses = 0;
      ep.intervalFailures = 0;
    }
    while (this.nextEvaluationAt <= now) this.nextEvaluationAt += c.intervalMs;
  }
}

/** Fewer outcomes than this over two intervals say nothing about a pod's success share. */
const SHARE_MIN_VOLUME = 20;

/**
 * At least half of the pod's recent requests (this interval and the last) succeeded. With too few to judge
 * (a pod just added, or the first seconds of a gateway), any success gives it the benefit of the doubt: a
 * streak of five at a 20 % error rate is as likely among its first requests as later, and a 30 s ejection
 * with no early return cost the fleet simulator's 2-slot pods a quarter of their p99.
 */
function servesMostRequests(ep: EndpointState): boolean {
  const successes = ep.intervalSuccesses + ep.lastIntervalSuccesses;
  const total = successes + ep.intervalFailures + ep.lastIntervalFailures;
  return total >= SHARE_MIN_VOLUME ? successes * 2 >= total : successes > 0;
}
